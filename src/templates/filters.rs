//! briefing's Tera filters: `date` (a date at its precision) and a
//! script-safe `json_encode`.

use tera::{Kwargs, State, Tera, Value};

use crate::dates::{PartialDate, Precision};

/// Registers `date` and `json_encode`.
pub(super) fn register_filters(tera: &mut Tera) {
    tera.register_filter("date", date_filter);
    tera.register_filter("json_encode", json_encode);
}

/// `{{ page.date | date }}` prints a date at its precision ("February 2022");
/// `format="%d %b %Y"` applies a strftime format to full dates.
fn date_filter(value: &str, kwargs: Kwargs, _: &State) -> tera::TeraResult<String> {
    let date = PartialDate::parse(value).map_err(tera::Error::message)?;
    let format: Option<String> = kwargs.get("format")?;
    // Issue 17: `lang="uk"` writes the date in that language ("15 грудня 2025").
    let lang: Option<String> = kwargs.get("lang")?;
    let locale = lang.as_deref().and_then(crate::dates::locale_of);
    match format {
        Some(format) if date.precision == Precision::Day && locale.is_some() => {
            use std::fmt::Write;
            let mut out = String::new();
            let items = chrono::format::StrftimeItems::new_with_locale(
                &format,
                locale.unwrap_or(chrono::Locale::POSIX),
            );
            write!(
                out,
                "{}",
                date.date
                    .format_localized_with_items(items, locale.unwrap_or(chrono::Locale::POSIX))
            )
            .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
            Ok(out)
        }
        Some(format) if date.precision == Precision::Day => {
            use std::fmt::Write;
            let mut out = String::new();
            write!(
                out,
                "{}",
                date.date
                    .format_with_items(chrono::format::StrftimeItems::new(&format))
            )
            .map_err(|_| tera::Error::message(format!("invalid date format `{format}`")))?;
            Ok(out)
        }
        _ => Ok(date.display_with(locale)),
    }
}

/// JSON for `<script type="application/ld+json">`: `<`, `>` and `&` are escaped
/// so no value can close the script element.
fn json_encode(value: Value, _: Kwargs, _: &State) -> tera::TeraResult<Value> {
    let json = value_to_json(&value);
    let text = serde_json::to_string(&json).map_err(tera::Error::message)?;
    let safe = text
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    Ok(Value::safe_string(&safe))
}

fn value_to_json(value: &Value) -> serde_json::Value {
    if let Some(map) = value.as_map() {
        let mut out = serde_json::Map::new();
        for (key, v) in map {
            out.insert(key.to_string(), value_to_json(v));
        }
        serde_json::Value::Object(out)
    } else if let Some(items) = value.as_array() {
        serde_json::Value::Array(items.iter().map(value_to_json).collect())
    } else if let Some(b) = value.as_bool() {
        serde_json::Value::Bool(b)
    } else if let Some(n) = value.as_i64() {
        serde_json::Value::from(n)
    } else if let Some(f) = value.as_f64() {
        serde_json::Value::from(f)
    } else if let Some(s) = value.as_str() {
        serde_json::Value::String(s.to_string())
    } else {
        serde_json::Value::Null
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str, context: &tera::Context) -> String {
        let mut tera = Tera::new();
        register_filters(&mut tera);
        tera.add_raw_template("t.html", template).unwrap();
        tera.render("t.html", context).unwrap()
    }

    #[test]
    fn date_filter_keeps_precision() {
        let mut context = tera::Context::new();
        context.insert("month", "2022-02");
        context.insert("day", "2025-12-14");
        assert_eq!(render("{{ month | date }}", &context), "February 2022");
        assert_eq!(render("{{ day | date }}", &context), "14 December 2025");
        assert_eq!(
            render("{{ day | date(format=\"%Y/%m/%d\") }}", &context),
            "2025/12/14"
        );
    }

    #[test]
    fn safe_keeps_safe_text_and_marks_the_rest_as_before() {
        // Tera's `safe` is patched (vendor/tera/PATCHES.md, 3): a string
        // already safe passes through; the rest is marked safe as before.
        let mut context = tera::Context::new();
        context.insert_value("body", Value::safe_string("<p>Tom & Jerry</p>"));
        context.insert("raw", "<b>bold</b>");
        context.insert("number", &5);
        context.insert("list", &[1, 2]);
        assert_eq!(render("{{ body | safe }}", &context), "<p>Tom & Jerry</p>");
        assert_eq!(render("{{ body }}", &context), "<p>Tom & Jerry</p>");
        assert_eq!(render("{{ raw | safe }}", &context), "<b>bold</b>");
        assert_eq!(render("{{ raw }}", &context), "&lt;b&gt;bold&lt;/b&gt;");
        assert_eq!(render("{{ number | safe }}", &context), "5");
        assert_eq!(render("{{ list | safe }}", &context), "[1, 2]");
        assert_eq!(
            render("{{ raw | safe | length }}", &context),
            render("{{ raw | length }}", &context)
        );
    }

    #[test]
    fn json_encode_cannot_close_a_script() {
        let mut context = tera::Context::new();
        context.insert("title", "</script><script>alert(1)</script>");
        let out = render("{{ {\"name\": title} | json_encode }}", &context);
        assert!(!out.contains("</script>"), "{out}");
        assert!(out.contains("\\u003c/script\\u003e"), "{out}");
    }
}
