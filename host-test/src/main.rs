//! `jira-host`: run the Jira connector component from the command line (see `jira-host --help`).

fn main() {
    std::process::exit(jira_host::cli::run(std::env::args().skip(1)));
}
