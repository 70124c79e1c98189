import assert from "@std/assert";
import { grid } from "../../../mod/render/table/table_grid.ts";

Deno.test("grid() aligns columns, right-aligns the ones asked for and never pads the last", () => {
  assert.deepEqual(
    grid([["#", "SIZE", "PATH"], ["10", "1 B", "/a"], ["2", "100 kB", "/bb"]], {
      right: [0, 1],
    }),
    [
      "   #    SIZE  PATH",
      "  10     1 B  /a",
      "   2  100 kB  /bb",
    ],
  );
  assert.deepEqual(grid([["a", ""]], { indent: "" }), ["a"]);
});
