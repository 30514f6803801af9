//! Transformer architectures on candle, one per file, each in candle's shape: a `Config`
//! mirroring the checkpoint's `config.json`, one struct per checkpoint sub-tree with `load`
//! and `forward`, and a link to the upstream Python it mirrors.
//!
//! Models here turn token ids into hidden states; tokenization, batching and pooling belong
//! to the rest of [`crate::inference`].

pub mod xlm_roberta;
