//! Shortcode calls in the pass: a placeholder event becomes the call's
//! HTML, its arguments checked and turned into the template's context.

use pulldown_cmark::{CowStr, Event};

use super::pass::Pass;
use super::*;
use std::ops::Range;

use super::bodies::{phrasing_container, starts_with_block_element};
use super::images::{Alt, classify_alt, lazy_images};
use super::links::is_site_candidate;
use super::pass::OpenBody;
use super::quotes::citation_marker;

/// Shortcodes (see `markdown/shortcodes.rs` and `crate::shortcodes`).
impl Pass {
    /// Handles the event of a shortcode's placeholder; false for any other.
    pub(super) fn shortcode_event<'a>(
        &mut self,
        range: &Range<usize>,
        out: &mut Vec<Event<'a>>,
        resolver: &dyn Resolver,
    ) -> bool {
        let index = self.calls.partition_point(|c| c.span.end <= range.start);
        let Some(call) = self.calls.get(index) else {
            return false;
        };
        if call.span.start >= range.end {
            return false;
        }
        if std::mem::replace(&mut self.emitted[index], true) {
            return true; // the rest of a placeholder spanning lines
        }
        let call = call.clone();
        let offset = call.span.start;
        match &call.kind {
            shortcodes::Kind::Literal(text) => {
                self.count_words(text);
                out.push(Event::Text(text.clone().into()));
            }
            shortcodes::Kind::Inline => {
                let images_before = self.images;
                let Some(context) = self.call_context(&call, false, resolver) else {
                    return true;
                };
                if let Some(html) = self.render_shortcode(&call.name, &context, offset, resolver) {
                    if !call.block
                        && let Some(within) = phrasing_container(out)
                        && let Some(tag) = starts_with_block_element(&html)
                    {
                        self.problem(
                            offset,
                            &format!(
                                "shortcode `{}` makes a block (`<{tag}>`) and cannot stand inside {within}",
                                call.name
                            ),
                            Some(format!(
                                "put `{{{{ {}(…) }}}}` on a line of its own, with a blank line before and after it",
                                call.name
                            )),
                        );
                        return true;
                    }
                    let html = if resolver.processes_images() {
                        let (html, count) = lazy_images(&html, images_before == 0);
                        self.images = self.images.max(images_before + count);
                        html
                    } else {
                        html
                    };
                    self.rendered.shortcodes.push(call.name.clone());
                    out.push(if call.block {
                        Event::Html(format!("{html}\n").into())
                    } else {
                        Event::InlineHtml(html.into())
                    });
                }
            }
            shortcodes::Kind::Open => {
                let context = self.call_context(&call, true, resolver);
                self.open_bodies.push(OpenBody {
                    call: index,
                    event: out.len(),
                    quotes: self.rendered.quotes.len(),
                    context,
                });
                out.push(Event::Html(CowStr::Borrowed("")));
            }
            shortcodes::Kind::Close => {
                if let Some(open) = self.open_bodies.pop() {
                    self.close_body(open, out, resolver);
                }
            }
        }
        true
    }

    /// The context of a call: its arguments checked against the
    /// shortcode's declaration; None (and problems) when they are wrong.
    fn call_context(
        &mut self,
        call: &shortcodes::Call,
        with_body: bool,
        resolver: &dyn Resolver,
    ) -> Option<tera::Context> {
        let offset = call.span.start;
        let name = &call.name;
        let def = self.definition(call, with_body, resolver)?;
        let mut ok = true;
        let mut context = tera::Context::new();
        // A `src` path (a figure's image): as written, as written out, where.
        let mut image_src: Option<(String, String, usize)> = None;
        for param in &def.params {
            context.insert(param.name.clone(), &serde_json::Value::Null);
        }
        for (key, value, at) in &call.args {
            let Some((param, mut value)) = self.checked_argument(&def, name, key, value, *at)
            else {
                ok = false;
                continue;
            };
            self.resolve_argument(&param.ty, &mut value, *at, &mut context, resolver);
            if key == "src"
                && matches!(param.ty, crate::shortcodes::Type::Path)
                && let (Some(dest), Some(src)) = (call_value_str(&call.args, key), value.as_str())
            {
                image_src = Some((dest.to_string(), src.to_string(), *at));
            }
            context.insert(key.clone(), &value);
        }
        if ok
            && resolver.processes_images()
            && let Some((dest, src, at)) = image_src
        {
            let alt = match classify_alt(call_value_str(&call.args, "alt").unwrap_or_default()) {
                Alt::Text(alt) => alt.to_string(),
                _ => String::new(),
            };
            let html = self.image_html(&dest, &src, &alt, None, at, resolver);
            context.insert("image", &html);
        }
        for param in def.params.iter().filter(|p| p.required) {
            if !call.args.iter().any(|(key, _, _)| key == &param.name) {
                self.problem(
                    offset,
                    &format!(
                        "shortcode `{name}` needs argument `{}` ({})",
                        param.name,
                        param.ty.describe()
                    ),
                    Some(format!("add {}=… to the call", param.name)),
                );
                ok = false;
            }
        }
        ok.then_some(context)
    }

    /// The definition of the shortcode `call` names, if it exists and takes
    /// a body exactly when written with one (else a problem).
    fn definition(
        &mut self,
        call: &shortcodes::Call,
        with_body: bool,
        resolver: &dyn Resolver,
    ) -> Option<crate::shortcodes::Def> {
        let offset = call.span.start;
        let name = &call.name;
        let Some(def) = resolver.shortcodes().and_then(|all| all.def(name)) else {
            let known: Vec<&str> = resolver
                .shortcodes()
                .map(|all| all.names().collect())
                .unwrap_or_default();
            let hint = match crate::diagnostics::did_you_mean(name, known.iter().copied()) {
                Some(best) => format!("did you mean `{best}`?"),
                None if known.is_empty() => {
                    "add templates/shortcodes/NAME.html (see docs/templates.md)".into()
                }
                None => {
                    let mut known = known;
                    known.sort_unstable();
                    format!("the shortcodes are: {}", known.join(", "))
                }
            };
            self.problem(offset, &format!("unknown shortcode `{name}`"), Some(hint));
            return None;
        };
        let def = def.clone();
        if def.body != with_body {
            let (message, hint) = if def.body {
                (
                    format!("shortcode `{name}` takes a Markdown body"),
                    format!("write `{{% {name}(…) %}}`, the body, then `{{% end %}}`"),
                )
            } else {
                (
                    format!("shortcode `{name}` takes no body"),
                    format!("write `{{{{ {name}(…) }}}}`"),
                )
            };
            self.problem(offset, &message, Some(hint));
            return None;
        }
        Some(def)
    }

    /// A call's argument checked against its definition: the parameter and
    /// the value to use, or None (and a problem) for an unknown argument, a
    /// value of the wrong type, or blank text.
    fn checked_argument<'d>(
        &mut self,
        def: &'d crate::shortcodes::Def,
        name: &str,
        key: &str,
        value: &serde_json::Value,
        at: usize,
    ) -> Option<(&'d crate::shortcodes::Param, serde_json::Value)> {
        let Some(param) = def.params.iter().find(|p| p.name == key) else {
            let hint = match crate::diagnostics::did_you_mean(
                key,
                def.params.iter().map(|p| p.name.as_str()),
            ) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "`{name}` takes: {}",
                    def.params
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            self.problem(
                at,
                &format!("unknown argument `{key}` of shortcode `{name}`"),
                Some(hint),
            );
            return None;
        };
        if !param.ty.accepts(value) {
            let hint = match (&param.ty, value.as_str()) {
                (crate::shortcodes::Type::OneOf(words), Some(given)) => {
                    match crate::diagnostics::did_you_mean(
                        given,
                        words.iter().map(String::as_str),
                    ) {
                        Some(best) => format!("did you mean \"{best}\"?"),
                        None => format!("write one of: {}", words.join(", ")),
                    }
                }
                (crate::shortcodes::Type::Url, Some(_)) => {
                    "write a full web address starting with https:// (or http://), e.g. url=\"https://example.com/report\"".into()
                }
                _ => format!(
                    "see the first line of {} for what `{name}` takes",
                    def.file.display()
                ),
            };
            self.problem(
                at,
                &format!(
                    "argument `{key}` of shortcode `{name}` must be {}, not {value}",
                    param.ty.describe()
                ),
                Some(hint),
            );
            return None;
        }
        let mut value = value.clone();
        if let Some(text) = value.as_str()
            && matches!(
                param.ty,
                crate::shortcodes::Type::String
                    | crate::shortcodes::Type::Path
                    | crate::shortcodes::Type::Source
            )
        {
            if key == "alt" && param.ty == crate::shortcodes::Type::String {
                // Alt text: as for `![…](…)`, quotes are the decorative
                // marker or an error; `alt=""` is decorative too.
                match classify_alt(text) {
                    Alt::Text(_) => {}
                    Alt::Decorative => value = "".into(),
                    Alt::Missing if text.is_empty() => {}
                    Alt::Missing => {
                        self.problem(
                            at,
                            &format!("argument `alt` of shortcode `{name}` is blank"),
                            Some("describe what the image shows; for a purely decorative image write alt=\"\"".into()),
                        );
                        return None;
                    }
                    Alt::QuotesOnly => {
                        self.problem(
                            at,
                            &format!("argument `alt` of shortcode `{name}` is only quotation marks: `{}`", text.trim()),
                            Some("describe what the image shows; for a purely decorative image write alt=\"\"".into()),
                        );
                        return None;
                    }
                }
            } else if crate::text::is_blank(text) && (param.required || !text.is_empty()) {
                self.problem(
                    at,
                    &format!(
                        "argument `{key}` of shortcode `{name}` is blank: it would show nothing"
                    ),
                    Some(if param.required {
                        format!("write the {key}; `{name}` needs it")
                    } else {
                        format!("write the {key}, or leave out {key}=…")
                    }),
                );
                return None;
            }
        }
        Some((param, value))
    }

    /// An argument's links and citations, as the body's: `@/` paths resolved,
    /// site paths kept for the output check, sources cited and numbered.
    fn resolve_argument(
        &mut self,
        ty: &crate::shortcodes::Type,
        value: &mut serde_json::Value,
        at: usize,
        context: &mut tera::Context,
        resolver: &dyn Resolver,
    ) {
        match (ty, value.as_str()) {
            (crate::shortcodes::Type::Path, Some(path)) if path.starts_with("@/") => {
                *value = self.internal_link(path, at, resolver).into();
            }
            (crate::shortcodes::Type::Path, Some(path))
                if is_site_candidate(path) && resolver.is_checked_link(path) =>
            {
                self.rendered.local_links.push(LocalLink {
                    url: path.to_string(),
                    offset: at,
                    internal: false,
                });
            }
            (crate::shortcodes::Type::Source, Some(source)) => {
                let source = source.to_string();
                self.cite(&source, at, resolver);
                self.coverage.cite();
                let number = self.citation_number(&source);
                context.insert("citation", &citation_marker(number));
            }
            _ => {}
        }
    }
}

/// The string value of a shortcode call's argument `key`, if it has one.
fn call_value_str<'c>(
    args: &'c [(String, serde_json::Value, usize)],
    key: &str,
) -> Option<&'c str> {
    args.iter()
        .find(|(k, _, _)| k == key)
        .and_then(|(_, value, _)| value.as_str())
}

#[cfg(test)]
mod tests;
