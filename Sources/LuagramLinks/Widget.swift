/// The floating "message us" button a business puts on its website: a script that adds a
/// link to its ig.me chat in the bottom-right corner of every page.
///
/// The same JavaScript is printed by `luagram widget` (inline, in one `<script>` element)
/// and served by Luagram's server at ``scriptPath`` (for `<script src>`), so both ways of
/// embedding behave the same. The button is a real `<a href>`: it works with a keyboard,
/// a screen reader, middle-click, and with no JavaScript framework on the page.
public struct Widget: Sendable, Hashable {
    public static let defaultText = "Message us on Instagram"
    /// Longer texts would cover the page; this is a button, not a banner.
    public static let maximumTextLength = 200
    /// Where Luagram's server serves ``javaScript``.
    public static let scriptPath = "/widget.js"

    public let link: ChatLink
    /// The button's visible text, exactly as the user typed it (escaped only on output).
    public let text: String

    public init(link: ChatLink, text: String = Widget.defaultText) throws(WidgetError) {
        if text.allSatisfy(\.isWhitespace) { throw .emptyText }
        if text.count > Self.maximumTextLength { throw .textTooLong(length: text.count) }
        self.link = link
        self.text = text
    }

    /// What screen readers announce: the visible text first (so voice control users can say
    /// what they see), then where the link goes, since it leaves the site in a new tab.
    public var accessibleLabel: String { text + " (opens Instagram in a new tab)" }

    /// The script, for one inline `<script>` element on a page.
    public var scriptElement: String { "<script>\n" + javaScript + "</script>\n" }

    /// A `<script src>` element that loads ``javaScript`` from a Luagram server at `serverURL`
    /// (scheme and host, optionally a path prefix; a trailing `/` is ignored).
    public func loaderElement(serverURL: String) -> String {
        var base = serverURL
        while base.hasSuffix("/") { base.removeLast() }
        var query = "username=" + WebEscaping.queryValue(link.username)
        if text != Self.defaultText { query += "&text=" + WebEscaping.queryValue(text) }
        if let ref = link.ref { query += "&ref=" + WebEscaping.queryValue(ref) }
        return "<script src=\"" + WebEscaping.html(base + Self.scriptPath + "?" + query) + "\" async></script>\n"
    }

    /// Self-contained ES5 (old browsers still visit small shops' sites); user text reaches
    /// the page only through `textContent` and `setAttribute`, never as markup.
    public var javaScript: String {
        """
        (function () {
          "use strict";
          var href = \(WebEscaping.javaScriptString(link.url));
          var text = \(WebEscaping.javaScriptString(text));
          var label = \(WebEscaping.javaScriptString(accessibleLabel));
          var css = \(WebEscaping.javaScriptString(Self.css));
          function icon() {
            var ns = "http://www.w3.org/2000/svg";
            var svg = document.createElementNS(ns, "svg");
            svg.setAttribute("viewBox", "0 0 24 24");
            svg.setAttribute("width", "20");
            svg.setAttribute("height", "20");
            svg.setAttribute("aria-hidden", "true");
            svg.setAttribute("focusable", "false");
            var path = document.createElementNS(ns, "path");
            path.setAttribute("fill", "currentColor");
            path.setAttribute("d", \(WebEscaping.javaScriptString(Self.iconPath)));
            svg.appendChild(path);
            return svg;
          }
          function show() {
            // Pasted twice (a theme and a plugin): one button is enough.
            if (document.querySelector("a[data-luagram-widget]")) return;
            var style = document.createElement("style");
            style.textContent = css;
            (document.head || document.documentElement).appendChild(style);
            var link = document.createElement("a");
            link.className = "luagram-widget";
            link.setAttribute("data-luagram-widget", "");
            link.setAttribute("href", href);
            link.setAttribute("target", "_blank");
            link.setAttribute("rel", "noopener");
            link.setAttribute("aria-label", label);
            link.appendChild(icon());
            var span = document.createElement("span");
            span.textContent = text;
            link.appendChild(span);
            document.body.appendChild(link);
          }
          if (document.body) show(); else document.addEventListener("DOMContentLoaded", show);
        })();

        """
    }

    /// White on the darker Instagram colours (contrast at least 5:1 everywhere on the
    /// gradient), a visible focus ring, and motion only for those who did not opt out of it.
    static let css = [
        "a.luagram-widget{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:inline-flex;",
        "align-items:center;gap:8px;max-width:calc(100vw - 40px);box-sizing:border-box;padding:12px 18px;",
        "border-radius:999px;background:#c13584;background:linear-gradient(45deg,#8a3ab9,#c13584,#bc1888);",
        "color:#fff;font:600 15px/1.2 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;",
        "text-decoration:none;box-shadow:0 4px 14px rgba(0,0,0,.3)}",
        "a.luagram-widget:hover{color:#fff;filter:brightness(1.1)}",
        "a.luagram-widget:focus-visible{outline:3px solid #1a73e8;outline-offset:3px}",
        "a.luagram-widget svg{flex:none}",
        "@media (prefers-reduced-motion:no-preference){a.luagram-widget{transition:transform .15s}",
        "a.luagram-widget:hover{transform:translateY(-2px)}}",
        "@media print{a.luagram-widget{display:none}}",
    ].joined()

    /// A speech bubble, drawn inline so the widget loads nothing else.
    static let iconPath =
        "M12 2.5C6.6 2.5 2.5 6.4 2.5 11.3c0 2.6 1.1 4.9 3 6.5v3.7l3.4-1.9c1 .3 2 .4 3.1.4 5.4 0 9.5-3.9 "
        + "9.5-8.7S17.4 2.5 12 2.5zm1 11.7-2.4-2.6-4.7 2.6 5.2-5.5 2.5 2.6 4.6-2.6-5.2 5.5z"
}
