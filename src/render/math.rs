//! Math: LaTeX formulas (`$…$`, `$$…$$`, ```` ```math ```` blocks) to MathML at build time.
//!
//! Input: a formula's LaTeX source and whether it is shown as a block. Output: a `<math>`
//! element, which browsers lay out without any script or font of ours, or, when the formula
//! does not parse, [`Formula::Broken`] with the reason, which the page shows as code.
//! The converter is math-core's (MathML Core output), made once per process.

use math_core::{LatexToMathML, MathCoreConfig, MathDisplay};
use std::sync::OnceLock;

/// A formula as the page shows it.
pub(crate) enum Formula {
    /// The MathML of a formula that parsed.
    MathMl(String),
    /// Why the formula did not parse.
    Broken(String),
}

/// The process's converter: its setup (the command table) is done once.
fn converter() -> &'static LatexToMathML {
    static CONVERTER: OnceLock<LatexToMathML> = OnceLock::new();
    CONVERTER.get_or_init(|| {
        // The default configuration has no macros, so making it cannot fail; if it ever did,
        // every formula would show as code, each with a warning.
        LatexToMathML::new(MathCoreConfig::default()).unwrap_or_else(|_| {
            unreachable!("math-core's default configuration defines no macros to parse")
        })
    })
}

/// `latex` as MathML, inline or as a block.
pub(crate) fn render(latex: &str, block: bool) -> Formula {
    let display = if block {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    match converter().convert_with_local_state(latex, display) {
        Ok(result) => Formula::MathMl(result.mathml),
        Err(err) => Formula::Broken(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_mathml_and_errors_say_why() {
        let Formula::MathMl(html) = render(r"\frac{QK^\top}{\sqrt{d_k}}", false) else {
            panic!("did not parse");
        };
        assert!(html.starts_with("<math"), "{html}");
        assert!(
            html.contains("<mfrac>") && html.contains("<msqrt>"),
            "{html}"
        );
        let Formula::MathMl(block) = render(r"\sum_i x_i", true) else {
            panic!("did not parse");
        };
        assert!(block.contains("display=\"block\""), "{block}");
        assert!(matches!(render(r"\frac{a", false), Formula::Broken(_)));
    }
}
