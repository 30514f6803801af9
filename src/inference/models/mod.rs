//! Transformer architectures on candle, one per file, each in candle's shape: a `Config`
//! mirroring the checkpoint's `config.json`, one struct per checkpoint sub-tree with `load`
//! and `forward`, and a link to the upstream Python it mirrors.
//!
//! Models here turn token ids into hidden states; tokenization and batching belong to the
//! rest of [`crate::inference`]. Pooling does too, except where it is a layer's own work:
//! a stack of tuned layers (`LayerStack`) may end in a layer that attends with one query
//! per text (`Pooling::Query`).

pub mod xlm_roberta;
