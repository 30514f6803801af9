//! The Engine: a cheap `Clone` handle to the encoder, which runs on a thread of its
//! own so no caller's thread (a tokio worker, later) ever does model compute.
//!
//! Requests go through a bounded queue (a full queue makes callers wait, not
//! memory grow); the worker drains whatever is waiting into one batch, so
//! concurrent callers share forward passes. Repeated sentences (weekly reports
//! repeat a lot) come from an LRU cache keyed by kind and text.

use std::num::NonZeroUsize;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex, PoisonError};

use lru::LruCache;

use super::encoder::{Embedding, Encoder};
use super::error::InferenceError;
use super::tokenize::Kind;

/// How the engine runs.
#[derive(Debug, Clone, Copy)]
pub struct EngineOptions {
    /// Requests that may wait before callers block.
    pub queue: usize,
    /// Embeddings kept in the cache.
    pub cache_entries: usize,
    /// Threads for the model's matrix work; `None` uses every core.
    pub threads: Option<usize>,
    /// Most texts the worker takes into one batch from the queue.
    pub max_batch_texts: usize,
}

impl Default for EngineOptions {
    fn default() -> Self {
        EngineOptions {
            queue: 64,
            cache_entries: 20_000,
            threads: None,
            max_batch_texts: 256,
        }
    }
}

type Reply = SyncSender<Result<Vec<Embedding>, String>>;

struct Request {
    texts: Vec<String>,
    kind: Kind,
    reply: Reply,
}

type Cache = Mutex<LruCache<(Kind, String), Embedding>>;

/// A handle to the running encoder.
#[derive(Clone)]
pub struct Engine {
    requests: SyncSender<Request>,
    cache: Arc<Cache>,
    dimension: usize,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("dimension", &self.dimension)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Moves `encoder` onto its own thread and returns the handle.
    pub fn start(encoder: Encoder, options: EngineOptions) -> Result<Engine, InferenceError> {
        let (requests, queue) = sync_channel(options.queue.max(1));
        let dimension = encoder.dimension();
        let pool = thread_pool(options.threads)?;
        std::thread::Builder::new()
            .name("candor-encoder".into())
            .spawn(move || serve(&encoder, &pool, &queue, options.max_batch_texts.max(1)))
            .map_err(|err| InferenceError::Config {
                path: "candor-encoder thread".into(),
                reason: err.to_string(),
            })?;
        let entries = NonZeroUsize::new(options.cache_entries).unwrap_or(NonZeroUsize::MIN);
        Ok(Engine {
            requests,
            cache: Arc::new(Mutex::new(LruCache::new(entries))),
            dimension,
        })
    }

    pub fn dimension(&self) -> usize {
        self.dimension
    }

    /// Embeds `texts` in order; cached texts are not encoded again.
    pub fn embed(&self, texts: &[String], kind: Kind) -> Result<Vec<Embedding>, InferenceError> {
        let mut found: Vec<Option<Embedding>> = {
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            texts
                .iter()
                .map(|t| cache.get(&(kind, t.clone())).cloned())
                .collect()
        };
        let missing: Vec<String> = texts
            .iter()
            .zip(&found)
            .filter(|(_, hit)| hit.is_none())
            .map(|(text, _)| text.clone())
            .collect();
        if !missing.is_empty() {
            let computed = self.compute(missing.clone(), kind)?;
            let mut cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            let mut fresh = missing.into_iter().zip(computed);
            for slot in found.iter_mut().filter(|slot| slot.is_none()) {
                if let Some((text, embedding)) = fresh.next() {
                    cache.put((kind, text), embedding.clone());
                    *slot = Some(embedding);
                }
            }
        }
        found
            .into_iter()
            .map(|slot| slot.ok_or(InferenceError::WorkerGone))
            .collect()
    }

    fn compute(&self, texts: Vec<String>, kind: Kind) -> Result<Vec<Embedding>, InferenceError> {
        let (reply, answer) = sync_channel(1);
        self.requests
            .send(Request { texts, kind, reply })
            .map_err(|_| InferenceError::WorkerGone)?;
        answer
            .recv()
            .map_err(|_| InferenceError::WorkerGone)?
            .map_err(InferenceError::Tokenize)
    }
}

fn thread_pool(threads: Option<usize>) -> Result<rayon::ThreadPool, InferenceError> {
    let mut builder =
        rayon::ThreadPoolBuilder::new().thread_name(|i| format!("candor-encoder-{i}"));
    if let Some(n) = threads {
        builder = builder.num_threads(n.max(1));
    }
    builder.build().map_err(|err| InferenceError::Config {
        path: "thread pool".into(),
        reason: err.to_string(),
    })
}

/// The worker loop: take a request, drain what else is waiting (up to
/// `max_texts`), run one batch per kind, answer each request.
fn serve(encoder: &Encoder, pool: &rayon::ThreadPool, queue: &Receiver<Request>, max_texts: usize) {
    while let Ok(first) = queue.recv() {
        let mut pending = vec![first];
        let mut texts = pending[0].texts.len();
        while texts < max_texts {
            let Ok(next) = queue.try_recv() else { break };
            texts += next.texts.len();
            pending.push(next);
        }
        for kind in [Kind::Passage, Kind::Query] {
            let group: Vec<&Request> = pending.iter().filter(|r| r.kind == kind).collect();
            if !group.is_empty() {
                pool.install(|| answer(encoder, kind, &group));
            }
        }
    }
}

fn answer(encoder: &Encoder, kind: Kind, group: &[&Request]) {
    let texts: Vec<&str> = group
        .iter()
        .flat_map(|r| r.texts.iter().map(String::as_str))
        .collect();
    match encoder.embed(&texts, kind) {
        Ok(embeddings) => {
            let mut rest = embeddings.into_iter();
            for request in group {
                let mine: Vec<Embedding> = rest.by_ref().take(request.texts.len()).collect();
                let _ = request.reply.send(Ok(mine));
            }
        }
        Err(err) => {
            for request in group {
                let _ = request.reply.send(Err(err.to_string()));
            }
        }
    }
}
