//! The emulator's settings and the command line that sets them.

use std::ffi::OsString;
use std::path::PathBuf;

/// Usage text for `--help` and after a bad flag.
pub const USAGE: &str = "\
Usage: legionedge-emulator [FLAGS]

Runs the LegionEdge Users API v2 emulator, the demo page and the npm package.

Flags:
  --host HOST   address to listen on (default 127.0.0.1)
  --port PORT   port to listen on; 0 picks a free one (default 8787)
  --seed N      seed for the generated users, a u64 (default 1)
  --www DIR     directory served at / (default www)
  --pkg DIR     directory served at /pkg (default pkg)
  --help        print this and exit

API keys: sk_test_abc123 (org_abc123), sk_test_xyz789 (org_xyz789).
";

/// How the emulator runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Host name or address to listen on.
    pub host: String,
    /// Port to listen on; 0 lets the system pick.
    pub port: u16,
    /// Seed for the generated users.
    pub seed: u64,
    /// Directory of the demo page, served at `/`.
    pub www: PathBuf,
    /// Directory of the built npm package, served at `/pkg`.
    pub pkg: PathBuf,
    /// Whether to log one line per request to stderr. The binary always
    /// does; in-process tests turn it off to keep their output readable.
    pub log_requests: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".to_owned(),
            port: 8787,
            seed: 1,
            www: PathBuf::from("www"),
            pkg: PathBuf::from("pkg"),
            log_requests: true,
        }
    }
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Run with this configuration.
    Run(Config),
    /// Print [`USAGE`] and exit.
    Help,
}

impl Config {
    /// Reads the flags (without the program name). Each flag takes its value
    /// as the next argument or after `=`; a repeated flag's last value wins.
    ///
    /// # Errors
    ///
    /// A message naming the bad flag or value, fit to print before
    /// [`USAGE`].
    pub fn from_args(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
        let mut config = Config::default();
        let mut args = args.into_iter();

        while let Some(arg) = args.next() {
            let arg = arg
                .into_string()
                .map_err(|arg| format!("argument {arg:?} is not valid UTF-8"))?;
            if arg == "--help" || arg == "-h" {
                return Ok(Command::Help);
            }
            if !arg.starts_with('-') {
                return Err(format!(
                    "unexpected argument {arg:?}; every setting is a flag"
                ));
            }

            let (flag, inline_value) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            if !matches!(
                flag.as_str(),
                "--host" | "--port" | "--seed" | "--www" | "--pkg"
            ) {
                return Err(format!("unknown flag {flag}"));
            }
            let value = match inline_value {
                Some(value) => value,
                None => args
                    .next()
                    .ok_or_else(|| format!("{flag} needs a value"))?
                    .into_string()
                    .map_err(|value| format!("{flag} value {value:?} is not valid UTF-8"))?,
            };

            match flag.as_str() {
                "--host" if value.is_empty() => return Err("--host must not be empty".to_owned()),
                "--host" => config.host = value,
                "--port" => {
                    config.port = value.parse().map_err(|_| {
                        format!("--port must be a number from 0 to 65535, not {value:?}")
                    })?;
                }
                "--seed" => {
                    config.seed = value.parse().map_err(|_| {
                        format!("--seed must be a whole number of 0 or more, not {value:?}")
                    })?;
                }
                "--www" => config.www = PathBuf::from(value),
                _ => config.pkg = PathBuf::from(value),
            }
        }
        Ok(Command::Run(config))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        Config::from_args(args.iter().map(OsString::from))
    }

    #[test]
    fn no_flags_means_the_defaults() {
        assert_eq!(parse(&[]), Ok(Command::Run(Config::default())));
    }

    #[test]
    fn reads_every_flag_in_both_spellings() {
        let expected = Config {
            host: "0.0.0.0".to_owned(),
            port: 0,
            seed: 42,
            www: PathBuf::from("/srv/www"),
            pkg: PathBuf::from("build/pkg"),
            log_requests: true,
        };
        let spaced = [
            "--host",
            "0.0.0.0",
            "--port",
            "0",
            "--seed",
            "42",
            "--www",
            "/srv/www",
            "--pkg",
            "build/pkg",
        ];
        let joined = [
            "--host=0.0.0.0",
            "--port=0",
            "--seed=42",
            "--www=/srv/www",
            "--pkg=build/pkg",
        ];
        assert_eq!(parse(&spaced), Ok(Command::Run(expected.clone())));
        assert_eq!(parse(&joined), Ok(Command::Run(expected)));
    }

    #[test]
    fn help_wins_over_everything() {
        assert_eq!(parse(&["--port", "1", "--help"]), Ok(Command::Help));
        assert_eq!(parse(&["-h"]), Ok(Command::Help));
    }

    #[test]
    fn bad_flags_are_named() {
        assert_eq!(parse(&["--bogus"]).unwrap_err(), "unknown flag --bogus");
        assert!(parse(&["serve"])
            .unwrap_err()
            .starts_with("unexpected argument"));
        assert_eq!(parse(&["--port"]).unwrap_err(), "--port needs a value");
        assert!(parse(&["--port", "65536"]).unwrap_err().contains("--port"));
        assert!(parse(&["--seed", "-1"]).unwrap_err().contains("--seed"));
        assert!(parse(&["--host="]).unwrap_err().contains("--host"));
    }
}
