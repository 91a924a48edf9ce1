//! Why a dataset cannot be had: no dataset of that name, or one that failed to build. `Display`
//! words it for an analyst; the embedder adds the name most likely meant (did-you-mean) and
//! words an FX cause with its fix.

use std::fmt;

use crate::fx::FxError;

#[derive(Debug, Clone, PartialEq)]
pub enum DatasetError {
    /// No dataset is called `name`; `known` are the names there are.
    Unknown {
        name: String,
        known: Vec<&'static str>,
    },
    /// The dataset `name` failed to build.
    Failed { name: String, cause: BuildError },
}

/// Why a dataset failed to build.
#[derive(Debug, Clone, PartialEq)]
pub enum BuildError {
    /// A shipped file that does not validate (its file, row, column and reason, as text: a
    /// defect of the build that the unit tests catch, not something a user can fix).
    Invalid(String),
    /// A dataset built from the FX rates.
    Fx(Box<FxError>),
}

impl fmt::Display for DatasetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DatasetError::Unknown { name, known } => write!(
                f,
                "unknown dataset {name:?}; known datasets: {}",
                known.join(", ")
            ),
            DatasetError::Failed { name, cause } => {
                write!(f, "dataset {name} failed to load: {cause}")
            }
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::Invalid(message) => f.write_str(message),
            BuildError::Fx(error) => error.fmt(f),
        }
    }
}

impl std::error::Error for DatasetError {}
