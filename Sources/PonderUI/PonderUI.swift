// PonderUI: the inspector's logic, with no terminal code (GUIDE §4, STYLE "The UI is a function").
//
// - `InspectorData`: what the inspector reads from the store (snapshot of columns, text on demand,
//   highlights, filter, flags). The CLI implements it over the real store; tests use a fake.
// - `Model` + `update(&model, event) -> [Command]`: pure. Commands are the only I/O (compute rows,
//   load a trace, load/save flags, find the next matching trace); `Program` performs them against
//   `InspectorData` and feeds the results back as events.
// - `render(model, data, width:, height:) -> ScreenBuffer`: draws cells (glyph, width, role).
//   All width logic is in `Width`; colours are chosen in PonderTerminal's `Palette`.
// - `KeyMap.all` is the only place keys are defined: it drives `update`, the help screen and
//   `KeyMap.markdown()` (the README key reference).
// - `replay(keys:data:width:height:)`: headless mode for `ponder view --keys … --dump-screen WxH`.
//
// Choices: keyboard filters combine with AND (and with the expression); `n`/`N` continue into the
// next matching trace (at most 5,000 traces scanned per key); search ignores ASCII case only.
