//! Starter: the commented TOML files `wengao new` and the editor's 新建 write.
//!
//! In: a kind's name (`plan`, `summary`, `collection`, `notice`). Out: the starter's text,
//! which builds as it is.

use clap::ValueEnum;

/// Which starter `wengao new` writes.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum StarterKind {
    /// 工作计划: sections, numbered items, a month schedule.
    Plan,
    /// 工作总结: sections of what was done.
    Summary,
    /// 汇总N篇: several documents as 篇一, 篇二 … with a 目录.
    Collection,
    /// 印发通知: a 公文 with 版头, 主送, seal, 附注, 附件 and 版记.
    Notice,
}

impl StarterKind {
    /// The starter TOML of this kind: with comments, it builds as it is.
    pub fn starter(self) -> &'static str {
        match self {
            StarterKind::Plan => include_str!("../templates/starters/plan.toml"),
            StarterKind::Summary => include_str!("../templates/starters/summary.toml"),
            StarterKind::Collection => include_str!("../templates/starters/collection.toml"),
            StarterKind::Notice => include_str!("../templates/starters/notice.toml"),
        }
    }

    /// `plan`, `summary`, `collection` or `notice`.
    pub fn from_name(name: &str) -> Option<StarterKind> {
        <StarterKind as ValueEnum>::from_str(name, true).ok()
    }
}
