//! `prepbook new TITLE [--section S] [--shape S]`: a note from a template in the content
//! folder; its path on standard output, so `$EDITOR "$(prepbook new …)"` opens it.

use crate::check;
use crate::cli::NewArgs;
use crate::model::Shape;
use crate::{init, settings};
use std::process::ExitCode;

/// Run `prepbook new`.
pub(crate) fn run(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let settings = settings::resolve(&args.site, &settings::Overrides::default())?;
    // clap accepts only the shapes' names, so a name always finds its shape.
    let shape = args
        .shape
        .as_deref()
        .and_then(|name| Shape::ALL.into_iter().find(|s| s.name() == name));
    let path = init::new_note(
        &settings.content,
        &args.title,
        args.section.as_deref(),
        shape,
    )?;
    println!("{}", check::printable(&path.display().to_string()));
    Ok(ExitCode::SUCCESS)
}
