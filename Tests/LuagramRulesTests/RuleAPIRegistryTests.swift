import Foundation
import LuagramDomain
import LuagramLua
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("The rule API registry")
struct RuleAPIRegistryTests {
    let api = RuleAPIDescription.luagram

    /// The repository's root, for the committed generated files.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    // MARK: Generated files

    @Test("the editor files committed in examples/rules are the generated ones")
    func committedEditorFiles() throws {
        for file in EditorFiles.rulesFolderFiles() {
            let path = "examples/rules/" + file.path
            let committed = try? String(contentsOf: Self.root.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == file.contents, "\(path) is stale: run scripts/generate-docs")
        }
        // the same luacheck configuration at the root, so `luacheck examples` works from there
        let root = try? String(contentsOf: Self.root.appendingPathComponent(EditorFiles.luacheckrcPath), encoding: .utf8)
        #expect(root == LuacheckRC.generate(.luagram), ".luacheckrc is stale: run scripts/generate-docs")
    }

    @Test("the committed Markdown reference is the generated one")
    func committedReference() throws {
        let reference = EditorFiles.reference()
        let committed = try? String(contentsOf: Self.root.appendingPathComponent(reference.path), encoding: .utf8)
        #expect(committed == reference.contents, "\(reference.path) is stale: run scripts/generate-docs")
    }

    @Test("every function of the rule and test API is defined in the LuaLS definitions, with its parameters")
    func definitionsCoverEveryFunction() {
        let definitions = LuaLSDefinitions.generate()
        #expect(definitions.hasPrefix("---@meta"))
        let tables: [APIFunction.Owner: String] = [.event: "Event:", .contact: "Contact:", .testContext: "TestContext:"]
        for function in api.functions + api.testFunctions + api.standardFunctions {
            let prefix: String
            switch function.owner {
            case .global: prefix = ""
            case .library(let library): prefix = library + "."
            case .event, .contact, .testContext: prefix = tables[function.owner]!
            }
            let names = function.parameters.map(\.name).joined(separator: ", ")
            #expect(definitions.contains("\nfunction \(prefix)\(function.name)(\(names)) end\n"), "\(function.path) is not defined")
            for parameter in function.parameters {
                #expect(
                    definitions.contains("---@param \(parameter.name)\(parameter.optional ? "?" : "") \(parameter.type) "),
                    "\(function.path): parameter \(parameter.name) is not annotated")
            }
        }
    }

    @Test("the definitions name every event kind, so a misspelt kind is flagged")
    func definitionsNameEveryKind() {
        let definitions = LuaLSDefinitions.generate()
        #expect(definitions.contains("---@alias luagram.EventKind\n"))
        for kind in api.eventKinds {
            #expect(definitions.contains("---| \"\(kind.name)\" # "))
            #expect(definitions.contains("---@class \(kind.className): luagram.Event\n"))
            #expect(definitions.contains("---@overload fun(kind: \"\(kind.name)\", handler: fun(ev: \(kind.className))"))
        }
        #expect(definitions.contains("---@param kind luagram.EventKind "))
    }

    @Test("the definitions are valid Lua and the LuaLS configuration is valid JSON pointing at them")
    func filesParse() throws {
        let rules = try RuleSet([("luagram.lua", LuaLSDefinitions.generate())])
        #expect(rules.errors.isEmpty, "\(rules.errors)")
        let json = try #require(
            JSONSerialization.jsonObject(with: Data(LuaRC.generate().utf8)) as? [String: Any])
        let runtime = try #require(json["runtime"] as? [String: Any])
        #expect(runtime["version"] as? String == "Lua 5.4")
        #expect(runtime["builtin"] as? [String: String] == ["debug": "disable", "io": "disable", "os": "disable", "package": "disable"])
        #expect((json["workspace"] as? [String: Any])?["library"] as? [String] == [EditorFiles.definitionsFolder])
        #expect((json["diagnostics"] as? [String: Any])?["globals"] as? [String] == api.hostGlobals + ["test"])
    }

    @Test("every function of the rule and test API is in the Markdown reference")
    func referenceCoversEveryFunction() {
        let reference = RuleAPIReference.generate()
        for function in api.functions + api.testFunctions + api.standardFunctions {
            #expect(reference.contains("`\(function.signature)`"), "\(function.signature) is not in the rule API reference")
        }
        for kind in api.eventKinds { #expect(reference.contains("### `\(kind.name)` events")) }
        for code in ReasonCode.allCases { #expect(reference.contains("| `\(code.rawValue)` | \(code.explanation) |")) }
    }

    @Test("the registry's event kinds are EventKind's, in order")
    func kindsMatchEventKind() {
        #expect(api.eventKinds.map(\.name) == EventKind.allCases.map(\.rawValue))
    }

    @Test("what the sandbox removes is what the lint file declares undefined")
    func removedNames() {
        let removed = api.removedStandardNames
        for name in ["io", "debug", "package", "require", "dofile", "loadfile", "os.execute", "os.getenv", "string.dump"] {
            #expect(removed.contains(name), "\(name)")
        }
        for name in ["print", "os.time", "os.date", "os.clock", "os.difftime", "string", "load"] {
            #expect(!removed.contains(name), "\(name)")
        }
        #expect(LuaRC.disabledLibraries() == ["debug", "io", "os", "package"])
        let luacheckrc = LuacheckRC.generate()
        for name in removed { #expect(luacheckrc.contains("\"\(name)\",")) }
    }

    // MARK: The binding agrees with the registry

    @Test("a rule's environment holds exactly the sandbox's standard globals and the registry's host globals")
    func environmentMatchesRegistry() throws {
        let rules = try RuleSet([
            ("probe.lua", """
            local names = {}
            for name, value in pairs(_G) do
              if type(value) == "table" and name ~= "_G" then
                for field, member in pairs(value) do names[#names + 1] = name .. "." .. field .. "=" .. type(member) end
              else
                names[#names + 1] = name .. "=" .. type(value)
              end
            end
            table.sort(names)
            on("message", function(ev) ev:reply(table.concat(names, " ")) end)
            """)
        ])
        #expect(rules.errors.isEmpty, "\(rules.errors)")
        let listed = try #require(rules.dispatch(EventBuilder.message()).replies.first).split(separator: " ").map(String.init)
        var found: [String: String] = [:]
        for entry in listed {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            found[parts[0]] = parts[1]
        }

        var expected: Set<String> = []
        for global in api.sandboxGlobals {
            if global.isLibrary {
                expected.formUnion(global.fields.map { "\(global.name).\($0)" })
            } else {
                expected.insert(global.name)
            }
        }
        for function in api.functions {
            switch function.owner {
            case .global: expected.insert(function.name)
            case .library(let library): expected.insert("\(library).\(function.name)")
            case .event, .contact, .testContext: break
            }
        }
        #expect(Set(found.keys) == expected, "extra: \(Set(found.keys).subtracting(expected).sorted()), missing: \(expected.subtracting(found.keys).sorted())")
        for function in api.functions where function.owner == .global { #expect(found[function.name] == "function") }
        for function in api.functions {
            if case .library(let library) = function.owner { #expect(found["\(library).\(function.name)"] == "function") }
        }
        #expect(found["test"] == nil, "the test API is not bound for rules")
    }

    @Test("every event and contact method in the registry is a function on a real event")
    func methodsMatchRegistry() throws {
        let eventMethods = api.functions(of: .event).map(\.name)
        let contactMethods = api.functions(of: .contact).map(\.name)
        let list = { (names: [String]) in names.map { "\"\($0)\"" }.joined(separator: ", ") }
        let rules = try RuleSet([
            ("probe.lua", """
            on("message", function(ev)
              local out = {}
              for _, name in ipairs({ \(list(eventMethods)) }) do out[#out + 1] = type(ev[name]) end
              for _, name in ipairs({ \(list(contactMethods)) }) do out[#out + 1] = type(ev.contact[name]) end
              ev:reply(table.concat(out, " "))
            end)
            """)
        ])
        let types = try #require(rules.dispatch(EventBuilder.message()).replies.first).split(separator: " ")
        #expect(types.count == eventMethods.count + contactMethods.count)
        #expect(types.allSatisfy { $0 == "function" }, "\(types)")
    }

    @Test("an event's fields are the ones the registry describes for its kind")
    func eventFieldsMatchRegistry() throws {
        let rules = try RuleSet([
            ("probe.lua", """
            local function keys(t)
              local out = {}
              for key in pairs(t) do out[#out + 1] = key end
              table.sort(out)
              return table.concat(out, ",")
            end
            for _, kind in ipairs({ "message", "comment" }) do
              on(kind, function(ev) ev:reply(keys(ev) .. " " .. keys(ev.contact)) end)
            end
            """)
        ])
        let message = EventBuilder.message(fields: ["from_self": false, "mid": "m1", "quick_reply_payload": "P"])
        for event in [message, EventBuilder.comment()] {
            let reply = try #require(rules.dispatch(event).replies.first).split(separator: " ").map { $0.split(separator: ",").map(String.init) }
            let kind = try #require(api.eventKinds.first { $0.name == event.kind.rawValue })
            let documented = Set((api.eventFields + kind.fields).map(\.name))
            #expect(Set(reply[0]).isSubset(of: documented), "\(event.kind): \(Set(reply[0]).subtracting(documented))")
            let required = api.eventFields.filter { !$0.optional && $0.name != "from_self" }.map(\.name)
            #expect(Set(required).isSubset(of: reply[0]), "\(event.kind): missing \(Set(required).subtracting(reply[0]))")
            #expect(Set(reply[1]) == Set(api.contactFields.map(\.name)))
        }
    }

    @Test("decisions rules receive have only the fields the registry describes")
    func decisionFieldsMatchRegistry() throws {
        struct EveryVerdict: IntentDecider {
            func decide(_ intent: Intent, for event: Event, at now: Date) -> Decision {
                switch intent {
                case .reply: .send(SendPlan(messagingType: .humanAgent, messages: [OutgoingMessage(text: "a")]))
                case .followUp: .defer(until: now.addingTimeInterval(60), reason: .followUpScheduled)
                case .privateReply, .broadcast: .refuse(.broadcastUnsupported)
                case .handoff, .tag, .untag, .setValue: .accept
                }
            }
        }
        let rules = try RuleSet(
            [
                ("probe.lua", """
                local function keys(t)
                  local out = {}
                  for key in pairs(t) do out[#out + 1] = key end
                  return table.concat(out, ",")
                end
                on("message", function(ev)
                  local all = { keys(ev:reply("a")), keys(ev:follow_up(60, "b")), keys(broadcast("c")), keys(ev.contact:tag("d")) }
                  log.info(table.concat(all, ","))
                end)
                """)
            ], options: RuleOptions(decider: EveryVerdict()))
        let result = rules.dispatch(EventBuilder.message())
        let logged = try #require(result.logs.first?.message).split(separator: ",").map(String.init)
        let documented = Set(try #require(api.table("luagram.Decision")).fields.map(\.name))
        #expect(Set(logged) == documented)
    }

    // MARK: luacheck

    @Test("luacheck passes on the example rules with the shipped configuration")
    func luacheckPassesOnExamples() throws {
        let result = try Self.luacheck(["--config", "examples/rules/.luacheckrc", "examples/rules"], in: Self.root)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test("the shipped luacheck configuration flags what the sandbox removes, host globals replaced, and tests outside tests")
    func luacheckConfigurationFlags() throws {
        let folder = try TemporaryFolder()
        for file in EditorFiles.rulesFolderFiles() { try folder.write(file.path, file.contents) }
        try folder.write(
            "bad.lua",
            """
            local f = io.open("x")
            os.execute("ls")
            log.info = nil
            test("not here", function() end)
            on("message", function(ev) ev:reply(string.dump(f)) end)

            """)
        try folder.write(
            "good.lua",
            """
            local started = os.time() + os.clock()
            on("message", function(ev)
              log.info(now() - started, text.fold(ev.text or ""), string.format("%d", #ev.attachments))
            end)

            """)
        try folder.write("good_test.lua", "test(\"a test\", function(t) t:message({ text = \"hi\" }) end)\n")
        let result = try Self.luacheck(["--no-color", "."], in: URL(fileURLWithPath: folder.path))
        let lines = result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for expected in [
            "bad.lua:1:11: accessing undefined variable 'io'",
            "bad.lua:2:1: accessing undefined field 'execute' of global 'os'",
            "bad.lua:3:1: setting read-only field 'info' of global 'log'",
            "bad.lua:4:1: accessing undefined variable 'test'",
            "bad.lua:5:37: accessing undefined field 'dump' of global 'string'",
        ] {
            #expect(lines.contains { $0.hasSuffix(expected) }, "\(expected)\n\(result.output)")
        }
        #expect(!result.output.contains("good.lua:"), "\(result.output)")
        #expect(!result.output.contains("good_test.lua:"), "\(result.output)")
        #expect(!result.output.contains("luagram.lua"), "the definitions are excluded\n\(result.output)")
    }

    static func luacheck(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["luacheck"] + arguments
        process.currentDirectoryURL = directory
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
