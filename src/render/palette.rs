//! Readable highlighting colours: a syntect theme's CSS with every text colour moved just far
//! enough from its background to meet WCAG 2.1 AA (a contrast of 4.5:1 for text of any size).
//!
//! Input: the CSS syntect writes for one theme (one rule per scope selector, colours as
//! `#rrggbb` or `#rrggbbaa`). Output: the same CSS, rule for rule, with each `color` that reads
//! too faintly darkened (on a light background) or lightened (on a dark one), keeping its hue;
//! backgrounds and colours that already read are left alone. Code blocks carry the theme's
//! `.hl-code` background, so a palette reads the same in every site theme (`default`, `paper`).
//!
//! The themes prepbook ships (InspiredGitHub, base16-ocean.dark) are pleasant but were drawn
//! before contrast was measured: comments at 2.9:1, strings at 3.0:1. Adjusting them here, where
//! the CSS is made, keeps the engine swappable: any theme that comes in goes out readable.

/// The contrast every text colour is moved to: AA's 4.5:1 with a margin, so the ratio survives
/// a checker's rounding (axe reports two decimals).
const TARGET: f64 = 4.6;

/// The contrast WCAG 2.1 AA asks of text (success criterion 1.4.3).
#[cfg(test)]
const AA: f64 = 4.5;

/// An sRGB colour, 0–255 per channel.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Rgb([f64; 3]);

impl Rgb {
    /// `#rgb`, `#rrggbb` or `#rrggbbaa` (alpha laid over `under`).
    fn parse(hex: &str, under: Rgb) -> Option<Rgb> {
        let hex = hex.strip_prefix('#')?;
        let digits: Vec<f64> = match hex.len() {
            3 => hex
                .chars()
                .map(|c| c.to_digit(16).map(|d| f64::from(d * 17)))
                .collect::<Option<_>>()?,
            6 | 8 => (0..hex.len())
                .step_by(2)
                .map(|i| {
                    u8::from_str_radix(hex.get(i..i + 2)?, 16)
                        .ok()
                        .map(f64::from)
                })
                .collect::<Option<_>>()?,
            _ => return None,
        };
        let alpha = digits.get(3).map_or(1.0, |a| a / 255.0);
        Some(Rgb(
            [0, 1, 2].map(|i| digits[i] * alpha + under.0[i] * (1.0 - alpha))
        ))
    }

    fn hex(self) -> String {
        let [r, g, b] = self.0.map(|c| c.round().clamp(0.0, 255.0) as u8);
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG relative luminance.
    fn luminance(self) -> f64 {
        let linear = |c: f64| {
            let c = c / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        let [r, g, b] = self.0.map(linear);
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// `self` mixed with `other`, `t` of the way (0 = self, 1 = other).
    fn towards(self, other: Rgb, t: f64) -> Rgb {
        Rgb([0, 1, 2].map(|i| self.0[i] + (other.0[i] - self.0[i]) * t))
    }
}

const BLACK: Rgb = Rgb([0.0; 3]);
const WHITE: Rgb = Rgb([255.0; 3]);

/// The WCAG contrast ratio of two colours, from 1 to 21.
fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (x, y) = (a.luminance() + 0.05, b.luminance() + 0.05);
    x.max(y) / x.min(y)
}

/// One rule of the CSS: where it is in the text, its selectors and the colours it sets.
struct Rule<'a> {
    /// Byte range of the declarations (between the braces).
    body: std::ops::Range<usize>,
    selectors: Vec<&'a str>,
    color: Option<&'a str>,
    background: Option<&'a str>,
}

/// The rules of syntect's CSS, and of the CSS made from it (rules may sit in `@media` groups;
/// comments only between rules).
fn rules(css: &str) -> Vec<Rule<'_>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(open) = css[at..].find('{').map(|o| at + o) {
        let Some(close) = css[open..].find('}').map(|c| open + c) else {
            break;
        };
        // What follows the last comment or closed group before the brace.
        let head = &css[at..open];
        let head = head.rfind("*/").map_or(head, |end| &head[end + 2..]);
        let head = head.rfind('}').map_or(head, |end| &head[end + 1..]);
        if head.contains('@') {
            // An at-rule (`@media`) opens a group: its rules are read as any others.
            at = open + 1;
            continue;
        }
        let mut rule = Rule {
            body: open + 1..close,
            selectors: head
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect(),
            color: None,
            background: None,
        };
        for declaration in css[open + 1..close].split(';') {
            let Some((property, value)) = declaration.split_once(':') else {
                continue;
            };
            match property.trim() {
                "color" => rule.color = Some(value.trim()),
                "background-color" => rule.background = Some(value.trim()),
                _ => {}
            }
        }
        out.push(rule);
        at = close + 1;
    }
    out
}

/// The palette of one theme: its code background and each rule's colours, read from its CSS.
struct Palette<'a> {
    rules: Vec<Rule<'a>>,
    /// The code block's own background (the `.hl-code` rule).
    background: Rgb,
}

impl<'a> Palette<'a> {
    fn read(css: &'a str) -> Palette<'a> {
        let rules = rules(css);
        let code = rules.iter().find(|r| is_code(r));
        let background = code
            .and_then(|r| Rgb::parse(r.background?, WHITE))
            .unwrap_or(WHITE);
        Palette { rules, background }
    }

    /// The backgrounds text of `rule` may be shown on. The code block's text colour is shown
    /// on the code block's background and on that of every rule that sets a background but no
    /// colour: such a rule marks a stretch of code (a changed line in a diff) whose text keeps
    /// its colours on it. So is the colour of a token without a background of its own; a token
    /// with one is shown on that.
    fn backgrounds(&self, rule: &Rule<'_>) -> Vec<Rgb> {
        let own = Rgb::parse(rule.background.unwrap_or_default(), self.background);
        if let Some(own) = own.filter(|_| !is_code(rule)) {
            return vec![own];
        }
        let mut out = vec![self.background];
        out.extend(
            self.rules
                .iter()
                .filter(|r| r.color.is_none())
                .filter_map(|r| Rgb::parse(r.background?, self.background)),
        );
        out
    }

    /// Every rule that sets a text colour, with that colour and the backgrounds it is shown on.
    fn pairs(&self) -> Vec<(&Rule<'a>, Rgb, Vec<Rgb>)> {
        let mut out = Vec::new();
        for rule in &self.rules {
            let Some(color) = rule.color else { continue };
            let under = self.backgrounds(rule);
            if let Some(rgb) = Rgb::parse(color, under[0]) {
                out.push((rule, rgb, under));
            }
        }
        out
    }
}

/// Whether a rule styles the code block itself (syntect's `.hl-code`).
fn is_code(rule: &Rule<'_>) -> bool {
    rule.selectors.iter().any(|s| s.ends_with(".hl-code"))
}

/// The lowest contrast of `color` against any of `backgrounds`.
fn worst(color: Rgb, backgrounds: &[Rgb]) -> f64 {
    backgrounds
        .iter()
        .map(|&b| contrast(color, b))
        .fold(f64::INFINITY, f64::min)
}

/// `color`, or the nearest colour of the same hue toward black or white (whichever can reach
/// further from these backgrounds) that reads at [`TARGET`] on all of them.
fn readable_color(color: Rgb, backgrounds: &[Rgb]) -> Rgb {
    if worst(color, backgrounds) >= TARGET {
        return color;
    }
    let goal = if worst(BLACK, backgrounds) >= worst(WHITE, backgrounds) {
        BLACK
    } else {
        WHITE
    };
    // A hundred steps of one percent: the first that reads is the least change.
    (1..=100)
        .map(|step| color.towards(goal, f64::from(step) / 100.0))
        .find(|&c| worst(c, backgrounds) >= TARGET)
        .unwrap_or(goal)
}

/// syntect's CSS for one theme with every text colour readable on the backgrounds it is shown
/// on (see the module docs).
pub(crate) fn readable(css: &str) -> String {
    let palette = Palette::read(css);
    let mut out = String::with_capacity(css.len());
    let mut at = 0;
    for (rule, color, under) in palette.pairs() {
        let fixed = readable_color(color, &under);
        if fixed == color {
            continue;
        }
        out.push_str(&css[at..rule.body.start]);
        out.push_str(&recolor(&css[rule.body.clone()], &fixed.hex()));
        at = rule.body.end;
    }
    out.push_str(&css[at..]);
    out
}

/// A rule body with its `color` declaration set to `hex`.
fn recolor(body: &str, hex: &str) -> String {
    body.split(';')
        .map(|declaration| match declaration.split_once(':') {
            Some((property, _)) if property.trim() == "color" => {
                format!("{property}: {hex}")
            }
            _ => declaration.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scopes the highlighting CSS applies a palette under (see `highlight::css`).
    const SCOPES: [&str; 4] = [
        ":root[data-theme=\"light\"]",
        ":root[data-theme=\"dark\"]",
        ":root:not([data-theme=\"dark\"])",
        ":root:not([data-theme=\"light\"])",
    ];

    #[test]
    fn the_wcag_formula_gives_the_published_ratios() {
        let rgb = |hex| Rgb::parse(hex, WHITE).unwrap();
        assert!((contrast(BLACK, WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(rgb("#777"), WHITE) - 4.48).abs() < 0.01);
        // The colours the audit in issue 17 named, with the ratios axe reported.
        assert!((contrast(rgb("#62a35c"), WHITE) - 3.03).abs() < 0.01);
        assert!((contrast(rgb("#969896"), WHITE) - 2.9).abs() < 0.05);
        assert!((contrast(rgb("#0086b3"), WHITE) - 4.14).abs() < 0.01);
        assert!((contrast(rgb("#65737e"), rgb("#2b303b")) - 2.71).abs() < 0.01);
        // Half-transparent black over white is mid grey.
        assert_eq!(rgb("#00000080").hex(), "#7f7f7f");
    }

    /// Every text colour the shipped highlighting CSS emits, in each of its four scopes, reads
    /// at 4.5:1 or more on every background it is shown on.
    #[test]
    fn every_colour_the_palettes_emit_reads_at_aa() {
        let css = super::super::highlight::css();
        let mut checked = 0;
        for scope in SCOPES {
            // The rules of this scope only, unscoped again, as one palette.
            let own: String = rules(css)
                .iter()
                .filter(|r| {
                    r.selectors
                        .iter()
                        .all(|s| s.starts_with(&format!("{scope} ")))
                })
                .map(|r| {
                    let selectors: Vec<&str> =
                        r.selectors.iter().map(|s| &s[scope.len() + 1..]).collect();
                    format!("{} {{{}}}\n", selectors.join(", "), &css[r.body.clone()])
                })
                .collect();
            let palette = Palette::read(&own);
            assert!(
                palette.rules.len() > 20,
                "{scope}: only {} rules",
                palette.rules.len()
            );
            for (rule, color, under) in palette.pairs() {
                for background in under {
                    let ratio = contrast(color, background);
                    assert!(
                        ratio >= AA,
                        "{scope} {:?}: {} on {} is {ratio:.2}:1",
                        rule.selectors,
                        color.hex(),
                        background.hex()
                    );
                    checked += 1;
                }
            }
        }
        // One rule per colour of each theme (flat classes), in four scopes.
        assert!(checked > 60, "only {checked} pairs checked");
    }

    #[test]
    fn a_colour_that_reads_is_kept_and_one_that_does_not_keeps_its_hue() {
        let css = ".hl-code { color: #323232; background-color: #ffffff; }\n\
            .a { color: #62a35c; }\n.b { color: #183691; }\n\
            .c { color: #969896; background-color: #f5f5f5; }\n";
        let out = readable(css);
        assert!(out.contains(".b { color: #183691; }"), "{out}");
        assert!(out.contains("color: #323232"), "{out}");
        let a = rules(&out)[1].color.unwrap();
        let a = Rgb::parse(a, WHITE).unwrap();
        assert!(contrast(a, WHITE) >= TARGET && contrast(a, WHITE) < TARGET + 0.3);
        // Green stays green: darker, but green still the largest channel.
        assert!(a.0[1] > a.0[0] && a.0[1] > a.0[2], "{}", a.hex());
        let c = Rgb::parse(rules(&out)[3].color.unwrap(), WHITE).unwrap();
        assert!(contrast(c, Rgb::parse("#f5f5f5", WHITE).unwrap()) >= TARGET);
        assert!(
            out.contains("background-color: #f5f5f5"),
            "backgrounds stay"
        );
    }

    #[test]
    fn a_dark_palette_lightens_and_a_token_on_its_own_colour_goes_its_own_way() {
        let css = ".hl-code { color: #c0c5ce; background-color: #2b303b; }\n\
            .comment { color: #65737e; }\n\
            .invalid { color: #2b303b; background-color: #bf616a; }\n";
        let out = readable(css);
        let dark = Rgb::parse("#2b303b", WHITE).unwrap();
        let comment = Rgb::parse(rules(&out)[1].color.unwrap(), WHITE).unwrap();
        assert!(comment.luminance() > Rgb::parse("#65737e", WHITE).unwrap().luminance());
        assert!(contrast(comment, dark) >= TARGET);
        // Dark text on a red token: darker still, not lighter.
        let invalid = Rgb::parse(rules(&out)[2].color.unwrap(), WHITE).unwrap();
        assert!(invalid.luminance() < dark.luminance());
        assert!(contrast(invalid, Rgb::parse("#bf616a", WHITE).unwrap()) >= AA);
    }
}
