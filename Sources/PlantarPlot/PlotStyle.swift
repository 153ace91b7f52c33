/// The plots' look: one style sheet shared by the standalone SVG and the report page.
public enum PlotStyle {
    public static let fontFamily = "'DejaVu Sans', Verdana, 'Helvetica Neue', Arial, sans-serif"

    /// CSS for the plots' classes. No `<` or `&`, so it is valid inside an SVG or XHTML `<style>` as is.
    public static let css = """
        svg.plantar { font-family: \(fontFamily); background: #fff; }
        .plantar text { fill: #333; font-size: 11px; }
        .plantar .title { font-size: 15px; font-weight: bold; fill: #111; }
        .plantar .subtitle { font-size: 11.5px; fill: #555; }
        .plantar .panel-title { font-size: 12px; font-weight: bold; fill: #222; }
        .plantar .panel-unit { font-size: 11px; fill: #666; font-weight: normal; }
        .plantar .panel { fill: #fcfcfc; stroke: #d0d0d0; stroke-width: 1; }
        .plantar .grid { stroke: #ebebeb; stroke-width: 1; }
        .plantar .axis { stroke: #555; stroke-width: 1; fill: none; }
        .plantar .tick { stroke: #555; stroke-width: 1; }
        .plantar .tick-label { font-size: 10.5px; fill: #555; }
        .plantar .axis-title { font-size: 11px; fill: #444; }
        .plantar .trace { fill: none; stroke: #1f4e79; stroke-width: 1.2; stroke-linejoin: round; }
        .plantar .trace.secondary { stroke: #4f5d6b; stroke-width: 1; }
        .plantar .baseline { stroke: #222; stroke-width: 1; }
        .plantar .baseline-window { fill: #8a8a8a; fill-opacity: 0.14; }
        .plantar .baseline-label { font-size: 10.5px; fill: #222; }
        .plantar .threshold { stroke: #b03a2e; stroke-width: 1.2; fill: none; }
        .plantar .threshold.enter { stroke-dasharray: 7 4; }
        .plantar .threshold.exit { stroke-dasharray: 2 3; stroke-opacity: 0.85; }
        .plantar .threshold-label { font-size: 10.5px; fill: #b03a2e; }
        .plantar .rep.counted, .plantar .swatch.counted { fill: #2e9d5b; fill-opacity: 0.17; }
        .plantar .rep.short, .plantar .swatch.short { fill: #e67e22; fill-opacity: 0.24; }
        .plantar .swatch.window { fill: #8a8a8a; fill-opacity: 0.14; }
        .plantar .skipped, .plantar .swatch.skip { fill: #c0392b; fill-opacity: 0.16; }
        .plantar .stepped-off, .plantar .swatch.off { fill: #5b6f8a; fill-opacity: 0.12; }
        .plantar .gap, .plantar .swatch.gap { fill: #d4ac0d; fill-opacity: 0.16; }
        .plantar .rep-label { font-size: 10.5px; font-weight: bold; }
        .plantar .rep-label.counted { fill: #1c6b3d; }
        .plantar .rep-label.short { fill: #a04f00; }
        .plantar .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
        .plantar .target-mark { stroke: #1c6b3d; stroke-width: 1; stroke-dasharray: 1 2; }
        .plantar .boundary { stroke: #777; stroke-width: 1; stroke-dasharray: 4 3; }
        .plantar .exercise-band { fill: #4a7ab5; fill-opacity: 0.08; }
        .plantar .exercise-label { font-size: 11px; font-weight: bold; fill: #2b4c75; }
        .plantar .rep-tick.counted { stroke: #2e9d5b; stroke-width: 1.5; }
        .plantar .rep-tick.short { stroke: #e67e22; stroke-width: 1.5; }
        .plantar .path { fill: none; stroke-width: 1.1; stroke-linejoin: round; }
        .plantar .path.ccw { stroke: #1f77b4; }
        .plantar .path.cw { stroke: #8e44ad; }
        .plantar .path.other { stroke: #a8a8a8; }
        .plantar .radius { fill: none; stroke: #b03a2e; stroke-width: 1; }
        .plantar .radius.enter { stroke-dasharray: 7 4; }
        .plantar .radius.exit { stroke-dasharray: 2 3; }
        .plantar .circle-label { font-size: 11px; font-weight: bold; }
        .plantar .circle-label.ccw { fill: #1f77b4; }
        .plantar .circle-label.cw { fill: #8e44ad; }
        .plantar .circle-end.ccw { fill: #1f77b4; }
        .plantar .circle-end.cw { fill: #8e44ad; }
        .plantar .leader { stroke: #9a9a9a; stroke-width: 0.7; }
        .plantar .legend-text { font-size: 11px; fill: #444; }
        .plantar .note { font-size: 12px; fill: #666; font-style: italic; }
        .plantar .trend-line { fill: none; stroke: #1f4e79; stroke-width: 1.5; }
        .plantar .trend-point { fill: #1f4e79; }
        .plantar .trend-point.current { fill: #e67e22; }
        .plantar .target-line { stroke: #1c6b3d; stroke-width: 1; stroke-dasharray: 5 3; }
        """
}
