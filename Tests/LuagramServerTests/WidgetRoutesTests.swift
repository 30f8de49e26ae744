import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LuagramLinks
import LuagramServer
import Testing

@Suite("Website widget route")
struct WidgetRoutesTests {
    func makeApplication() -> some ApplicationProtocol {
        let router = Router()
        WidgetRoutes().add(to: router)
        return Application(router: router)
    }

    @Test("GET /widget.js serves the same script luagram widget inlines, as JavaScript")
    func servesScript() async throws {
        let expected = try Widget(link: try ChatLink(username: "luagram.shop", ref: "site-footer")).javaScript
        try await makeApplication().test(.router) { client in
            try await client.execute(uri: "/widget.js?username=luagram.shop&ref=site-footer", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/javascript; charset=utf-8")
                #expect(response.headers[.xContentTypeOptions] == "nosniff")
                #expect(response.headers[.cacheControl] == "public, max-age=300")
                #expect(String(buffer: response.body) == expected)
            }
        }
    }

    @Test("the text is percent-decoded, + is a space, and hostile text comes out escaped")
    func decodesText() async throws {
        let text = #"</script><b>"Tom" & 'Jerry' + co"#
        let expected = try Widget(link: try ChatLink(username: "shop"), text: text).javaScript
        try await makeApplication().test(.router) { client in
            let query = "username=%40shop&text=%3C%2Fscript%3E%3Cb%3E%22Tom%22+%26%20%27Jerry%27+%2B+co&utm_source=x"
            try await client.execute(uri: "/widget.js?" + query, method: .get) { response in
                #expect(response.status == .ok)
                let body = String(buffer: response.body)
                #expect(body == expected)
                #expect(!body.contains("</script>"))
            }
        }
    }

    @Test("an empty ref or text is treated as absent, as a site template leaves it")
    func emptyValues() async throws {
        let expected = try Widget(link: try ChatLink(username: "shop")).javaScript
        try await makeApplication().test(.router) { client in
            try await client.execute(uri: "/widget.js?username=shop&ref=&text=", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == expected)
            }
        }
    }

    @Test(
        "an invalid query gets 400 with a plain explanation",
        arguments: [
            ("/widget.js", "username is required"),
            ("/widget.js?text=hi", "username is required"),
            ("/widget.js?username=bad-name", "the Instagram username \"bad-name\" contains '-'"),
            ("/widget.js?username=" + String(repeating: "a", count: 31), "Instagram allows at most 30"),
            ("/widget.js?username=shop&ref=a+b", "the ref contains a space at position 2"),
            ("/widget.js?username=shop&ref=" + String(repeating: "r", count: 2_084), "Meta accepts at most 2083"),
            ("/widget.js?username=shop&ref=a%2Fb", "the ref contains '/' at position 2"),
            ("/widget.js?username=shop&text=%20", "the button text is empty"),
            ("/widget.js?username=shop&username=other", "username is given more than once"),
            ("/widget.js?username=shop&text=100%", "not valid percent-encoding"),
        ])
    func refusals(uri: String, message: String) async throws {
        try await makeApplication().test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "text/plain; charset=utf-8")
                #expect(String(buffer: response.body).contains(message), "\(String(buffer: response.body))")
            }
        }
    }
}
