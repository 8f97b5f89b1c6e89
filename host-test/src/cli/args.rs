//! Command-line parsing for `jira-host` (hand-rolled: a handful of flags do not justify a parser crate).

use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use crate::config::ConfigSource;
use crate::net::Route;

/// The usage text printed by `--help` and after a usage error.
pub const USAGE: &str = "\
jira-host: run the Jira connector component with real HTTP

USAGE:
    jira-host [OPTIONS] <COMMAND>

COMMANDS:
    tools                      print the tool catalog (JSON)
    call <TOOL> [ARGS]         call a tool; ARGS is a JSON object (default {}), `-` reads it from stdin
    resolve                    print where requests go: api_base, browse_base, auth_method, cloud_id
    demo                       walk through every tool and auth method against the built-in fake Jira
    serve-fake [--port N]      run the fake Jira until interrupted
    load [--sessions N] [--operations M] [--seed S]
                               N concurrent sessions run M operations in total against the built-in fake
                               with injected faults; prints a JSON report (defaults 8, 400, 1)
    oauth authorize-url        print the consent URL (--client-id, --redirect-uri, --scope..., --state)
    oauth exchange             exchange --code for tokens and save them into --config FILE
                               (--client-id, --client-secret, --redirect-uri, --code)
    oauth refresh              refresh the tokens of --config FILE and save the rotated ones into it
    oauth sites                list the Jira sites the configuration's OAuth token reaches

OPTIONS:
    --config FILE                     configuration document (JSON); else the JIRA_CONFIG variable holds it
    --site SITE                       site (`acme`, `acme.atlassian.net`, a URL); overrides the document
    --api-key EMAIL:TOKEN             use an Atlassian API token
    --oauth-access-token TOKEN        use an OAuth 2.0 (3LO) access token
    --instant-oauth-access-token TOK  use an instant-OAuth access token
    --cloud-id ID                     the site's cloud id (otherwise resolved from the site)
    --route HOST=URL                  send HOST's requests to URL (e.g. http://127.0.0.1:8080); repeatable
    --component PATH                  load this .wasm instead of the bundled component
    --timeout SECS                    default and maximum time for one HTTP exchange
    --call-timeout-secs SECS          wall-clock limit of one call into the component, HTTP and sleeps
                                      included (default 120)
    --client-id ID, --client-secret S OAuth app credentials (oauth commands)
    --redirect-uri URI                the app's callback URL (oauth commands)
    --scope SCOPE                     a scope to ask for; repeatable or space-separated (oauth authorize-url)
    --state STATE                     the anti-CSRF value echoed to the callback (oauth authorize-url)
    --code CODE                       the authorization code from the callback (oauth exchange)
    --no-offline-access               do not ask for a refresh token (oauth authorize-url)
    --verbose                         log each HTTP request (method, URL, status; never headers) on stderr
    -h, --help                        print this help

EXIT STATUS:
    0 success; 1 Jira or connector error (JSON on stdout) or a failed demo step;
    2 usage or configuration error; 3 the host failed (component not loadable, trap)
";

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Print the usage text.
    Help,
    /// Print the tool catalog.
    Tools,
    /// Call one tool.
    Call {
        /// The tool name.
        tool: String,
        /// The arguments as given (JSON text, or `-` for stdin).
        args: String,
    },
    /// Print the resolved site.
    Resolve,
    /// Run the demo against the fake.
    Demo,
    /// Serve the fake Jira.
    ServeFake {
        /// The port to listen on (0: any free port).
        port: u16,
    },
    /// One step of the OAuth flow.
    OAuth(OAuthAction),
    /// A load run against the fake.
    Load {
        /// Concurrent sessions.
        sessions: usize,
        /// Operations in total.
        operations: usize,
        /// The seed of the operation mix and the fault rotation.
        seed: u64,
    },
}

/// The `oauth` sub-commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OAuthAction {
    /// Print the consent URL.
    AuthorizeUrl,
    /// Exchange a code for tokens.
    Exchange,
    /// Refresh the configuration's tokens.
    Refresh,
    /// List the sites the token reaches.
    Sites,
}

/// Values of the OAuth flags.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct OAuthArgs {
    /// `--client-id`.
    pub client_id: Option<String>,
    /// `--client-secret`.
    pub client_secret: Option<String>,
    /// `--redirect-uri`.
    pub redirect_uri: Option<String>,
    /// `--scope` values, split at spaces.
    pub scopes: Vec<String>,
    /// `--state`.
    pub state: Option<String>,
    /// `--code`.
    pub code: Option<String>,
    /// `--no-offline-access`.
    pub no_offline_access: bool,
}

impl fmt::Debug for OAuthArgs {
    /// Never shows the client secret or the code.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthArgs")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret.as_ref().map(|_| "***"))
            .field("redirect_uri", &self.redirect_uri)
            .field("scopes", &self.scopes)
            .field("state", &self.state)
            .field("code", &self.code.as_ref().map(|_| "***"))
            .field("no_offline_access", &self.no_offline_access)
            .finish()
    }
}

/// Everything the command line said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// The command.
    pub command: Command,
    /// Where the configuration document comes from.
    pub config: ConfigSource,
    /// `--route` values.
    pub routes: Vec<Route>,
    /// `--component`.
    pub component: Option<PathBuf>,
    /// `--timeout`.
    pub timeout: Option<Duration>,
    /// `--call-timeout-secs`.
    pub call_timeout: Option<Duration>,
    /// `--verbose`.
    pub verbose: bool,
    /// The OAuth flags.
    pub oauth: OAuthArgs,
}

/// A command line that cannot be understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Parses the arguments after the program name; `env_config` is the value of `JIRA_CONFIG`.
pub fn parse_args(args: impl IntoIterator<Item = String>, env_config: Option<String>) -> Result<Options, UsageError> {
    let mut config = ConfigSource { env: env_config, ..ConfigSource::default() };
    let mut routes = Vec::new();
    let mut component = None;
    let mut timeout = None;
    let mut call_timeout = None;
    let mut verbose = false;
    let mut port = None;
    let mut load: [Option<u64>; 3] = [None; 3];
    let mut help = false;
    let mut oauth = OAuthArgs::default();
    let mut positional = Vec::new();

    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        if arg == "--" {
            positional.extend(args.by_ref());
            break;
        }
        if !arg.starts_with("--") || arg == "-" {
            if arg == "-h" {
                help = true;
            } else {
                positional.push(arg);
            }
            continue;
        }
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
            None => (arg, None),
        };
        if matches!(flag.as_str(), "--help" | "--verbose" | "--no-offline-access") {
            if inline.is_some() {
                return Err(UsageError(format!("{flag} takes no value")));
            }
            help |= flag == "--help";
            verbose |= flag == "--verbose";
            oauth.no_offline_access |= flag == "--no-offline-access";
            continue;
        }
        let value = match inline.or_else(|| args.next()) {
            Some(value) => value,
            None => return Err(UsageError(format!("{flag} needs a value"))),
        };
        match flag.as_str() {
            "--config" => config.file = Some(PathBuf::from(value)),
            "--site" => config.site = Some(value),
            "--cloud-id" => config.cloud_id = Some(value),
            "--api-key" => config.api_key = Some(value),
            "--oauth-access-token" => config.oauth_access_token = Some(value),
            "--instant-oauth-access-token" => config.instant_oauth_access_token = Some(value),
            "--route" => routes.push(value.parse().map_err(|e| UsageError(format!("{e}")))?),
            "--component" => component = Some(PathBuf::from(value)),
            "--client-id" => oauth.client_id = Some(value),
            "--client-secret" => oauth.client_secret = Some(value),
            "--redirect-uri" => oauth.redirect_uri = Some(value),
            "--scope" => oauth.scopes.extend(value.split_whitespace().map(str::to_owned)),
            "--state" => oauth.state = Some(value),
            "--code" => oauth.code = Some(value),
            "--timeout" => timeout = Some(parse_seconds("--timeout", &value)?),
            "--call-timeout-secs" => call_timeout = Some(parse_seconds("--call-timeout-secs", &value)?),
            "--sessions" => load[0] = Some(parse_count(&flag, &value, 1, 1024)?),
            "--operations" => load[1] = Some(parse_count(&flag, &value, 1, 1_000_000)?),
            "--seed" => load[2] = Some(parse_count(&flag, &value, 0, u64::MAX)?),
            "--port" => {
                port = Some(
                    value.parse::<u16>().map_err(|_| UsageError(format!("--port: `{value}` is not a port number")))?,
                )
            }
            _ => return Err(UsageError(format!("unknown option {flag}"))),
        }
    }

    let command = if help { Command::Help } else { command(positional, port, load)? };
    Ok(Options { command, config, routes, component, timeout, call_timeout, verbose, oauth })
}

/// The command from the positional arguments.
fn command(positional: Vec<String>, port: Option<u16>, load: [Option<u64>; 3]) -> Result<Command, UsageError> {
    let mut words = positional.into_iter();
    let name =
        words.next().ok_or_else(|| UsageError("missing command (tools, call, resolve, demo, serve-fake)".into()))?;
    let rest: Vec<String> = words.collect();
    if port.is_some() && name != "serve-fake" {
        return Err(UsageError("--port only applies to serve-fake".into()));
    }
    if load.iter().any(Option::is_some) && name != "load" {
        return Err(UsageError("--sessions, --operations and --seed only apply to load".into()));
    }
    let max_args = match name.as_str() {
        "call" => 2,
        "oauth" => 1,
        _ => 0,
    };
    if rest.len() > max_args {
        return Err(UsageError(format!("unexpected argument `{}` for {name}", rest[max_args])));
    }
    let mut rest = rest.into_iter();
    match name.as_str() {
        "tools" => Ok(Command::Tools),
        "resolve" => Ok(Command::Resolve),
        "demo" => Ok(Command::Demo),
        "serve-fake" => Ok(Command::ServeFake { port: port.unwrap_or(0) }),
        "load" => Ok(Command::Load {
            sessions: usize::try_from(load[0].unwrap_or(8)).unwrap_or(8),
            operations: usize::try_from(load[1].unwrap_or(400)).unwrap_or(400),
            seed: load[2].unwrap_or(1),
        }),
        "call" => {
            let tool =
                rest.next().ok_or_else(|| UsageError("call needs a tool name (see `jira-host tools`)".into()))?;
            let args = rest.next().unwrap_or_else(|| "{}".to_owned());
            Ok(Command::Call { tool, args })
        }
        "oauth" => match rest.next().as_deref() {
            Some("authorize-url") => Ok(Command::OAuth(OAuthAction::AuthorizeUrl)),
            Some("exchange") => Ok(Command::OAuth(OAuthAction::Exchange)),
            Some("refresh") => Ok(Command::OAuth(OAuthAction::Refresh)),
            Some("sites") => Ok(Command::OAuth(OAuthAction::Sites)),
            _ => Err(UsageError("oauth needs one of: authorize-url, exchange, refresh, sites".into())),
        },
        other => Err(UsageError(format!("unknown command `{other}`"))),
    }
}

fn parse_count(flag: &str, value: &str, min: u64, max: u64) -> Result<u64, UsageError> {
    value
        .parse::<u64>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| UsageError(format!("{flag}: `{value}` is not a whole number in {min}..={max}")))
}

fn parse_seconds(flag: &str, value: &str) -> Result<Duration, UsageError> {
    value
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 3600.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| UsageError(format!("{flag}: `{value}` is not a number of seconds (0-3600]")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Options, UsageError> {
        parse_args(args.iter().map(|s| (*s).to_owned()), None)
    }

    #[test]
    fn call_with_flags_anywhere() {
        let options = parse(&[
            "--site",
            "acme",
            "call",
            "jira_get_issue",
            r#"{"issue_key":"ACME-1"}"#,
            "--api-key=ada@example.com:tok",
            "--route",
            "acme.atlassian.net=http://127.0.0.1:9",
            "--verbose",
        ])
        .unwrap();
        assert_eq!(
            options.command,
            Command::Call { tool: "jira_get_issue".into(), args: r#"{"issue_key":"ACME-1"}"#.into() }
        );
        assert_eq!(options.config.site.as_deref(), Some("acme"));
        assert_eq!(options.config.api_key.as_deref(), Some("ada@example.com:tok"));
        assert_eq!(options.routes.len(), 1);
        assert!(options.verbose);
    }

    #[test]
    fn defaults_and_simple_commands() {
        let call = parse(&["call", "jira_get_myself"]).unwrap();
        assert_eq!(call.command, Command::Call { tool: "jira_get_myself".into(), args: "{}".into() });
        assert_eq!(parse(&["tools"]).unwrap().command, Command::Tools);
        assert_eq!(parse(&["resolve"]).unwrap().command, Command::Resolve);
        assert_eq!(parse(&["demo"]).unwrap().command, Command::Demo);
        assert_eq!(parse(&["load"]).unwrap().command, Command::Load { sessions: 8, operations: 400, seed: 1 });
        let load = parse(&["load", "--sessions", "4", "--operations=25", "--seed", "7"]).unwrap();
        assert_eq!(load.command, Command::Load { sessions: 4, operations: 25, seed: 7 });
        assert_eq!(parse(&["serve-fake", "--port", "8080"]).unwrap().command, Command::ServeFake { port: 8080 });
        assert_eq!(parse(&["tools", "--help"]).unwrap().command, Command::Help);
        assert_eq!(parse(&["-h"]).unwrap().command, Command::Help);
        let oauth =
            parse(&["oauth", "authorize-url", "--scope", "read:jira-work write:jira-work", "--scope=read:me"]).unwrap();
        assert_eq!(oauth.command, Command::OAuth(OAuthAction::AuthorizeUrl));
        assert_eq!(oauth.oauth.scopes, vec!["read:jira-work", "write:jira-work", "read:me"]);
        let exchange = parse(&["oauth", "exchange", "--client-secret", "s3cr3t", "--code", "c0de"]).unwrap();
        assert!(!format!("{exchange:?}").contains("s3cr3t") && !format!("{exchange:?}").contains("c0de"));
        assert_eq!(parse(&["--timeout", "1.5", "tools"]).unwrap().timeout, Some(Duration::from_millis(1500)));
        let limited = parse(&["--call-timeout-secs", "30", "tools"]).unwrap();
        assert_eq!(limited.call_timeout, Some(Duration::from_secs(30)));
    }

    #[test]
    fn usage_errors() {
        for bad in [
            &[][..],
            &["frobnicate"],
            &["call"],
            &["tools", "extra"],
            &["call", "t", "{}", "extra"],
            &["--site"],
            &["--unknown", "x", "tools"],
            &["--route", "nonsense", "tools"],
            &["--port", "99999", "serve-fake"],
            &["--port", "80", "tools"],
            &["--timeout", "-1", "tools"],
            &["--call-timeout-secs", "0", "tools"],
            &["--sessions", "4", "tools"],
            &["load", "--sessions", "0"],
            &["load", "--operations", "many"],
            &["--verbose=yes", "tools"],
            &["oauth"],
            &["oauth", "dance"],
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should be a usage error");
        }
    }
}
