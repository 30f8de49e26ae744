import Foundation
import HTTPTypes
import Hummingbird
import LuagramDomain
import LuagramLinks

/// `GET /widget.js?username=…&text=…&ref=…`: the website widget's script, so that a site
/// can embed the chat button with one `<script src>` tag (what `luagram widget --server`
/// prints) and pick up improvements to the button without editing its pages.
///
/// The script is exactly the one `luagram widget` inlines. A missing or invalid value gets
/// a 400 with a plain explanation, visible to whoever opens the URL while setting it up;
/// `nosniff` keeps browsers from running that message as a script.
public struct WidgetRoutes: Sendable {
    public init() {}

    public func add<Context: RequestContext>(to router: Router<Context>) {
        router.get(RouterPath(Widget.scriptPath)) { request, _ in
            Self.response(query: request.uri.query ?? "")
        }
    }

    static func response(query: String) -> Response {
        let widget: Widget
        do {
            widget = try Self.widget(query: query)
        } catch {
            return Response(
                status: .badRequest,
                headers: [.contentType: "text/plain; charset=utf-8", .xContentTypeOptions: "nosniff"],
                body: .init(byteBuffer: ByteBuffer(string: "\(error)\n")))
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/javascript; charset=utf-8", .xContentTypeOptions: "nosniff",
                // Short, so a changed text or ref reaches visitors soon; long enough to spare the server.
                .cacheControl: "public, max-age=300",
            ],
            body: .init(byteBuffer: ByteBuffer(string: widget.javaScript)))
    }

    static func widget(query: String) throws -> Widget {
        let parameters = try Query(query)
        guard let username = parameters.values["username"] else { throw Query.Problem("username is required") }
        // An empty ref or text is what a site template makes of an unset variable: the
        // button should still work, so they count as absent rather than as mistakes.
        let ref = parameters.values["ref"].flatMap { $0.isEmpty ? nil : $0 }
        let text = parameters.values["text"].flatMap { $0.isEmpty ? nil : $0 }
        return try Widget(link: try ChatLink(username: username, ref: ref), text: text ?? Widget.defaultText)
    }
}

extension WidgetRoutes {
    /// The query of a widget.js URL, decoded the way browsers encode forms and `URLSearchParams`
    /// (`+` is a space), since site owners build these URLs by hand or in a CMS.
    struct Query {
        struct Problem: Error, CustomStringConvertible {
            let description: String
            init(_ description: String) { self.description = description }
        }

        static let names: Set<String> = ["username", "text", "ref"]

        var values: [String: String] = [:]

        init(_ text: String) throws {
            let query: QueryString
            do {
                query = try QueryString(text)
            } catch {
                throw Problem(error.description)
            }
            // Other parameters (a cache-buster, a tracking tag) are the site's business.
            for name in Self.names {
                guard query.count(of: name) <= 1 else { throw Problem("\(name) is given more than once") }
                values[name] = query[name]
            }
        }
    }
}
