import assert from "@std/assert";
import fc from "fast-check";
import {
  escapeHtml,
  htmlText,
  scriptJson,
} from "../../../mod/render/html/html_text.ts";

Deno.test("scriptJson() parses back to the same value and holds nothing that could end or reorder a script element", () => {
  fc.assert(
    fc.property(
      fc.jsonValue(),
      fc.string({ unit: "binary" }),
      (value, text) => {
        for (const input of [value, { text }, [text, "</script>", "<!--"]]) {
          const json = scriptJson(input);
          assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(input)));
          assert.ok(
            !/[<>&\u007f-\u009f\u2028-\u202e\u2066-\u2069\ud800-\udfff]/u
              .test(json),
            json,
          );
        }
      },
    ),
  );
  assert.equal(scriptJson(["</script>"]), '["\\u003c/script\\u003e"]');
});

Deno.test("escapeHtml() and htmlText() leave no markup, and htmlText() shows controls but keeps tabs", () => {
  assert.equal(
    escapeHtml(`<a href="x" title='y'>&</a>`),
    "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;",
  );
  assert.equal(
    htmlText("<b>\u202e\udcff\tx\x1b"),
    "&lt;b&gt;\\u202e\\xff\tx\\x1b",
  );
  fc.assert(
    fc.property(fc.string({ unit: "binary" }), (text) => {
      assert.ok(!/[<>"']/.test(htmlText(text)));
    }),
  );
});
