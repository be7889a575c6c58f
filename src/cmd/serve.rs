//! `prepbook serve`: the flags turned into what [`crate::serve`] needs, the config file to
//! watch among them.

use super::term::Term;
use crate::cli::ServeArgs;
use crate::{serve, settings};
use std::process::ExitCode;

/// Run `prepbook serve` until interrupted.
pub(crate) fn run(args: &ServeArgs, term: &Term) -> anyhow::Result<ExitCode> {
    let overrides = settings::Overrides {
        base_url: args.base_url.clone(),
        ..settings::Overrides::default()
    };
    let settings = settings::resolve(&args.site, &overrides)?;
    // The config actually read, so that editing it reaches the preview.
    let config = super::config_read(&args.site);
    if term.verbose {
        super::describe(&settings, config.as_deref());
    }
    let site = args.site.clone();
    let reload = Box::new(move || settings::resolve(&site, &overrides));
    let listen = serve::Listen {
        host: &args.host,
        port: args.port.unwrap_or(1111),
        port_given: args.port.is_some(),
        open: args.open,
        config,
    };
    serve::serve(settings, reload, &listen)?;
    Ok(ExitCode::SUCCESS)
}
