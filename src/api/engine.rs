//! The inference queue. The encoder is CPU-bound and already uses every core for
//! one batch, so analyses run one at a time on a dedicated worker thread that owns
//! the models; requests wait in a bounded queue. When the queue is full the API
//! answers 503 with Retry-After instead of letting waiting work (and memory) grow
//! without bound.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, SyncSender, TrySendError};
use std::thread;

use tokio::sync::oneshot;

use super::metrics::Metrics;
use crate::measure::classify::Classifier;

/// Work for the models: given the classifier (absent when the server runs without
/// models), it computes its answer and sends it back itself.
type Job = Box<dyn FnOnce(Option<&Classifier>) + Send>;

/// Why a job did not run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    #[error("the analysis queue is full ({0} waiting); retry in a few seconds")]
    Busy(usize),
    #[error("the inference worker stopped; restart the server")]
    Stopped,
}

/// A handle on the queue; cloning shares it.
#[derive(Clone)]
pub struct Engine {
    sender: SyncSender<Job>,
    depth: Arc<AtomicUsize>,
    capacity: usize,
    metrics: Arc<Metrics>,
    has_models: bool,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("depth", &self.depth.load(Ordering::Relaxed))
            .field("capacity", &self.capacity)
            .field("has_models", &self.has_models)
            .finish_non_exhaustive()
    }
}

impl Engine {
    /// Starts the worker with `classifier` and a queue of `capacity` jobs.
    pub fn start(classifier: Option<Classifier>, capacity: usize, metrics: Arc<Metrics>) -> Engine {
        let capacity = capacity.max(1);
        let (sender, receiver) = mpsc::sync_channel::<Job>(capacity);
        let has_models = classifier.is_some();
        thread::Builder::new()
            .name("candor-inference".into())
            .spawn(move || {
                for job in receiver {
                    job(classifier.as_ref());
                }
            })
            .expect("the OS can start one thread; this is a bug or an exhausted system");
        Engine {
            sender,
            depth: Arc::new(AtomicUsize::new(0)),
            capacity,
            metrics,
            has_models,
        }
    }

    /// Whether analyses include what the models read.
    pub fn has_models(&self) -> bool {
        self.has_models
    }

    /// Runs `work` on the worker and waits for its answer; refuses at once when the
    /// queue is full.
    pub async fn run<T, F>(&self, work: F) -> Result<T, EngineError>
    where
        T: Send + 'static,
        F: FnOnce(Option<&Classifier>) -> T + Send + 'static,
    {
        let (reply, answer) = oneshot::channel();
        let depth = Arc::clone(&self.depth);
        let metrics = Arc::clone(&self.metrics);
        let job: Job = Box::new(move |classifier| {
            let result = work(classifier);
            let left = depth.fetch_sub(1, Ordering::SeqCst) - 1;
            metrics.set_queue_depth(left);
            let _ = reply.send(result);
        });
        let waiting = self.depth.fetch_add(1, Ordering::SeqCst) + 1;
        match self.sender.try_send(job) {
            Ok(()) => self.metrics.set_queue_depth(waiting),
            Err(refused) => {
                self.depth.fetch_sub(1, Ordering::SeqCst);
                return Err(match refused {
                    TrySendError::Full(_) => {
                        self.metrics.rejected();
                        EngineError::Busy(self.capacity)
                    }
                    TrySendError::Disconnected(_) => EngineError::Stopped,
                });
            }
        }
        answer.await.map_err(|_| EngineError::Stopped)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc as std_mpsc;
    use std::time::Duration;

    use super::*;

    #[tokio::test]
    async fn jobs_run_on_the_worker_and_answer() {
        let engine = Engine::start(None, 2, Arc::new(Metrics::default()));
        let answer = engine
            .run(|classifier| classifier.is_none())
            .await
            .expect("runs");
        assert!(answer);
        assert!(!engine.has_models());
    }

    #[tokio::test]
    async fn a_full_queue_refuses_instead_of_growing() {
        let metrics = Arc::new(Metrics::default());
        let engine = Engine::start(None, 1, Arc::clone(&metrics));
        let (release, hold) = std_mpsc::channel::<()>();
        let hold = Arc::new(std::sync::Mutex::new(hold));
        // One job occupies the worker, one fills the queue's single slot.
        let blocking = {
            let engine = engine.clone();
            let hold = Arc::clone(&hold);
            tokio::spawn(async move {
                engine
                    .run(move |_| {
                        let _ = hold.lock().map(|h| h.recv_timeout(Duration::from_secs(10)));
                    })
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let queued = {
            let engine = engine.clone();
            tokio::spawn(async move { engine.run(|_| 7).await })
        };
        tokio::time::sleep(Duration::from_millis(50)).await;
        let refused = engine.run(|_| 8).await;
        assert_eq!(refused, Err(EngineError::Busy(1)));
        assert!(
            metrics
                .render()
                .contains("candor_inference_rejected_total 1")
        );
        release.send(()).expect("worker waits");
        blocking.await.expect("joins").expect("ran");
        assert_eq!(queued.await.expect("joins"), Ok(7));
        assert!(metrics.render().contains("candor_inference_queue_depth 0"));
    }
}
