//! Status: how a command ended, decided once and mapped to the exit code by `main`.
//!
//! In: what each command reports (built, input errors, wengao's own failure).
//! Out: a [`Status`]; [`Status::code`] is the exit code in the README (0 all
//! well, 1 an input had errors, 2 wengao itself failed). Several outcomes of one
//! run combine with [`Status::and`]: the worst one wins.

/// How a run ended, from best to worst.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Everything was done (warnings may have been printed).
    #[default]
    Ok,
    /// An input had errors: bad TOML, an unknown key, a bad template, a missing
    /// file, a wrong command-line argument. The other files were still done.
    InputErrors,
    /// wengao itself failed, e.g. an output could not be written.
    Internal,
}

impl Status {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Status::Ok => 0,
            Status::InputErrors => 1,
            Status::Internal => 2,
        }
    }

    /// The worse of two outcomes.
    #[must_use]
    pub fn and(self, other: Status) -> Status {
        self.max(other)
    }
}

impl From<Status> for std::process::ExitCode {
    fn from(s: Status) -> std::process::ExitCode {
        std::process::ExitCode::from(s.code())
    }
}

#[cfg(test)]
mod tests {
    use super::Status;

    #[test]
    fn the_worst_outcome_wins_and_codes_are_the_readmes() {
        assert_eq!(Status::Ok.and(Status::InputErrors), Status::InputErrors);
        assert_eq!(Status::Internal.and(Status::InputErrors), Status::Internal);
        let codes: Vec<u8> = [Status::Ok, Status::InputErrors, Status::Internal].map(Status::code).into();
        assert_eq!(codes, [0, 1, 2]);
    }
}
