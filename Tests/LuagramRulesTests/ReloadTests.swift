import Foundation
import LuagramDomain
import LuagramRules
import LuagramTestSupport
import Testing

@Suite("Reloading rules")
struct ReloadTests {
    @Test("a clean reload swaps the new rules in")
    func cleanReload() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.lua", "on('message', function(ev) ev:reply('v1') end)")
        let runtime = try RuleRuntime(folder: folder.path, now: EventBuilder.time)
        #expect(runtime.dispatch(EventBuilder.message(), at: EventBuilder.time).replies == ["v1"])
        try folder.write("a.lua", "on('message', function(ev) ev:reply('v2') end)")
        try folder.write("b.lua", "on('comment', function(ev) end)")
        guard case .reloaded(files: 2, handlers: 2) = runtime.reload(now: EventBuilder.time) else {
            Issue.record("expected a reload")
            return
        }
        #expect(runtime.dispatch(EventBuilder.message(), at: EventBuilder.time).replies == ["v2"])
    }

    @Test("a reload with one broken file keeps the old rules and reports every error")
    func brokenReloadKeepsOldRules() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.lua", "on('message', function(ev) ev:reply('old') end)")
        let runtime = try RuleRuntime(folder: folder.path, now: EventBuilder.time)
        try folder.write("a.lua", "on('message', function(ev) ev:reply('new') end)")
        try folder.write("b.lua", "on('message', function(ev) end")
        try folder.write("c.lua", "on('typo', function(ev) end)")
        guard case .kept(let errors) = runtime.reload(now: EventBuilder.time) else {
            Issue.record("expected the old rules to be kept")
            return
        }
        #expect(errors.map(\.file) == ["b.lua", "c.lua"])
        #expect(errors.allSatisfy { $0.line == 1 })
        #expect(runtime.dispatch(EventBuilder.message(), at: EventBuilder.time).replies == ["old"])
    }
}

@Suite("Reloading when files change")
struct WatchTests {
    @Test("nothing is reloaded while the files stay the same; a change is picked up; force reloads anyway")
    func reloadIfChanged() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.lua", "on('message', function(ev) ev:reply('v1') end)")
        let runtime = try RuleRuntime(folder: folder.path, now: EventBuilder.time)
        #expect(runtime.reloadIfChanged(now: EventBuilder.time) == nil)
        try folder.write("b.lua", "on('message', function(ev) ev:reply('b') end)")
        #expect(runtime.reloadIfChanged(now: EventBuilder.time)?.description == "reloaded 2 rule files with 2 handlers")
        #expect(runtime.dispatch(EventBuilder.message(), at: EventBuilder.time).replies == ["v1", "b"])
        #expect(runtime.reloadIfChanged(now: EventBuilder.time) == nil)
        #expect(runtime.reloadIfChanged(force: true, now: EventBuilder.time) != nil)
        try folder.write("b.lua", "on('message', function(ev) ev:reply( end)")
        let kept = runtime.reloadIfChanged(now: EventBuilder.time)?.description ?? ""
        #expect(kept.hasPrefix("kept the running rules: b.lua:1:"), "\(kept)")
        #expect(runtime.dispatch(EventBuilder.message(), at: EventBuilder.time).replies == ["v1", "b"])
    }
}
