import Foundation
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

@Suite("Simulator fault injection and admin API")
struct SimulatorFaultTests {
    static func rawCreate(_ simulator: ZoomSimulator, token: String) throws -> RawConnection {
        let body = Fixture.meetingBody().serialized()
        let connection = try RawConnection(port: simulator.port)
        connection.write(
            "POST /v2/users/\(Fixture.host)/meetings HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\n"
                + "Content-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
        return connection
    }

    @Test("respond faults replace the answer for count matching calls, then normal service resumes")
    func respondFault() async throws {
        try await Fixture.run { simulator, client, token in
            await simulator.inject(
                SimulatedFault(
                    method: "GET", pathPrefix: "/v2/users/", count: 2,
                    action: .respond(status: 503, body: #"{"code":503,"message":"busy"}"#, headers: ["X-Test": "1"])))
            for _ in 0..<2 {
                let answer = try await client.api("GET", "/users/\(Fixture.host)", token: token)
                #expect(answer.status == 503 && answer.code == 503 && answer.header("x-test") == "1")
            }
            // Other methods or paths are not matched.
            #expect(
                try await client.api(
                    "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token
                ).status == 201)
            #expect(try await client.api("GET", "/users/\(Fixture.host)", token: token).status == 200)
            let calls = await simulator.servedCalls()
            #expect(calls.map(\.status) == [200, 503, 503, 201, 200])
            #expect(calls[1].zoomCode == 503 && calls[1].path == "/v2/users/\(Fixture.host)")
            #expect(calls[0].path == "/oauth/token")
        }
    }

    @Test("a 401 fault on the token endpoint and a 429 fault are served as given")
    func authAndRateFaults() async throws {
        try await Fixture.run { simulator, client, token in
            await simulator.inject(
                SimulatedFault(
                    pathPrefix: "/v2/",
                    action: .respond(
                        status: 429, body: #"{"code":429,"message":"Too many requests"}"#,
                        headers: ["X-RateLimit-Type": "QPS", "Retry-After": "2027-01-04T09:00:01Z"])))
            let limited = try await client.api("GET", "/users/\(Fixture.host)", token: token)
            #expect(limited.status == 429 && limited.header("retry-after") == "2027-01-04T09:00:01Z")
            await simulator.inject(
                SimulatedFault(pathPrefix: "/oauth/token", action: .respond(status: 500, body: "", headers: [:])))
            #expect(try await client.tokenRequest().status == 500)
            #expect(try await client.tokenRequest().status == 200)
        }
    }

    @Test("dropConnection closes before serving; dropAfterProcessing serves, then closes")
    func drops() async throws {
        try await Fixture.run { simulator, _, token in
            await simulator.inject(SimulatedFault(method: "POST", pathPrefix: "/v2/users/", action: .dropConnection))
            let dropped = try Self.rawCreate(simulator, token: token)
            #expect(dropped.readResponse() == nil)
            #expect(await simulator.snapshot().meetings.isEmpty)
            await simulator.inject(
                SimulatedFault(method: "POST", pathPrefix: "/v2/users/", action: .dropAfterProcessing))
            let served = try Self.rawCreate(simulator, token: token)
            #expect(served.readResponse() == nil)
            #expect(await simulator.snapshot().meetings.count == 1)
            let answered = try Self.rawCreate(simulator, token: token)
            #expect(answered.readResponse()?.head.hasPrefix("HTTP/1.1 201") == true)
            #expect(await simulator.servedCalls().suffix(3).map(\.status) == [0, 201, 201])
        }
    }

    @Test(
        "delayAfterProcessing serves first (the meeting exists at once), then answers after the delay; also over the admin API"
    )
    func delayAfterProcessing() async throws {
        try await Fixture.run { simulator, client, token in
            await simulator.inject(
                SimulatedFault(method: "POST", pathPrefix: "/v2/users/", action: .delayAfterProcessing(0.6)))
            let held = try Self.rawCreate(simulator, token: token)
            // Served before the answer: the meeting is there while the client still waits.
            var seen = false
            for _ in 0..<50 where !seen {
                seen = await simulator.snapshot().meetings.count == 1
                if !seen { try await Task.sleep(for: .milliseconds(20)) }
            }
            #expect(seen)
            #expect(held.readResponse()?.head.hasPrefix("HTTP/1.1 201") == true)

            let admin = try await client.admin(
                "POST", "/_sim/faults",
                body: ["method": "POST", "path_prefix": "/v2/users/", "action": "delay_after", "seconds": 0.1])
            #expect(admin.status < 300)
            let viaAdmin = try Self.rawCreate(simulator, token: token)
            #expect(viaAdmin.readResponse()?.head.hasPrefix("HTTP/1.1 201") == true)
            #expect(await simulator.snapshot().meetings.count == 2)
        }
    }

    // Note: on Linux, URLSession (libcurl) re-sends a request whose *reused* keep-alive
    // connection dies without an answer; a GET then succeeds on a new connection, and a
    // request with a body waits for timeoutIntervalForRequest. A fresh session shows the drop.
    @Test("URLSession sees a dropped connection as an error")
    func dropSeenByURLSession() async throws {
        try await Fixture.run { simulator, client, token in
            await simulator.inject(
                SimulatedFault(method: "POST", pathPrefix: "/v2/", count: 5, action: .dropConnection))
            let fresh = SimClient(simulator)
            await #expect(throws: (any Error).self) {
                try await fresh.api(
                    "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
            }
            #expect(await simulator.servedCalls().last?.status == 0)
        }
    }

    @Test("delay faults and latency slow answers down (at least the given time) without changing them")
    func delays() async throws {
        try await Fixture.run { simulator, client, token in
            await simulator.inject(SimulatedFault(method: "GET", action: .delay(0.2)))
            var started = Date()
            let delayed = try await client.api("GET", "/users/\(Fixture.host)", token: token)
            #expect(delayed.status == 200)
            #expect(Date().timeIntervalSince(started) >= 0.2)
            await simulator.setLatency(0.1)
            started = Date()
            let slow = try await client.api("GET", "/users/\(Fixture.host)", token: token)
            #expect(slow.status == 200)
            #expect(Date().timeIntervalSince(started) >= 0.1)
        }
    }

    @Test("direct changes in Zoom: delete, edit, deny")
    func directChanges() async throws {
        try await Fixture.run { simulator, client, token in
            let a = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let b = try #require(try await Fixture.create(client, token, Fixture.meetingBody())["id"]?.intValue)
            _ = try await client.api(
                "POST", "/meetings/\(a)/registrants", body: Fixture.registrant("r@example.org"), token: token)
            await simulator.editMeetingDirectly(id: a, topic: "Von Hand geändert")
            await simulator.denyRegistrantDirectly(meetingID: a, email: "r@example.org")
            await simulator.deleteMeetingDirectly(id: b)
            let series = try #require(
                try await Fixture.create(
                    client, token, Fixture.meetingBody(type: 8, recurrence: ["type": 1, "end_times": 2]))[
                        "occurrences"]?[0]?["occurrence_id"]?.stringValue)
            let seriesID = try #require(await simulator.snapshot().meetings.last?.id)
            await simulator.deleteOccurrenceDirectly(id: seriesID, occurrenceID: series)
            #expect(
                await simulator.snapshot().meeting(seriesID)?.occurrences.map(\.status) == ["deleted", "available"])
            #expect(
                try await client.api("GET", "/meetings/\(a)", token: token).json?["topic"]?.stringValue
                    == "Von Hand geändert")
            #expect(
                try await client.api("GET", "/meetings/\(a)/registrants", query: "status=denied", token: token).json?[
                    "total_records"]?.intValue == 1)
            #expect(try await client.api("GET", "/meetings/\(b)", token: token).code == 3001)
            // Direct changes are not API calls.
            #expect(await simulator.servedCalls().filter { $0.method == "PATCH" || $0.method == "DELETE" }.isEmpty)
        }
    }

    @Test("the /_sim admin API does all of it over HTTP")
    func adminOverHTTP() async throws {
        try await Fixture.run { simulator, client, token in
            let id = try #require(
                try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue)
            let deleteMe = try #require(try await Fixture.create(client, token, Fixture.meetingBody())["id"]?.intValue)
            _ = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("r@example.org"), token: token)

            #expect(
                try await client.admin(
                    "POST", "/_sim/faults",
                    body: [
                        "method": "GET", "path_prefix": "/v2/meetings/", "count": 1,
                        "action": "respond", "status": 502, "body": ["code": 502, "message": "bad gateway"],
                    ]
                ).status == 200)
            #expect(try await client.api("GET", "/meetings/\(id)", token: token).status == 502)
            try await client.admin("POST", "/_sim/faults", body: ["path_prefix": "/v2/", "action": "drop"])
            let newSession = SimClient(simulator)
            await #expect(throws: (any Error).self) { try await newSession.api("GET", "/meetings/\(id)", token: token) }
            try await client.admin(
                "POST", "/_sim/faults", body: ["path_prefix": "/v2/", "action": "drop_after", "count": 1])
            try await client.admin("DELETE", "/_sim/faults")
            #expect(try await client.api("GET", "/meetings/\(id)", token: token).status == 200)
            #expect(try await client.admin("POST", "/_sim/faults", body: ["action": "explode"]).status == 400)

            try await client.admin("POST", "/_sim/direct/edit-meeting", body: ["id": .int(id), "topic": "Per HTTP"])
            try await client.admin(
                "POST", "/_sim/direct/deny-registrant", body: ["meeting_id": .int(id), "email": "r@example.org"])
            try await client.admin("POST", "/_sim/direct/delete-meeting", body: ["id": .int(deleteMe)])
            #expect(
                try await client.admin("POST", "/_sim/direct/delete-meeting", body: ["id": .int(deleteMe)]).status
                    == 400)
            let state = try #require(try await client.admin("GET", "/_sim/state").json)
            let meetings = try #require(state["meetings"]?.arrayValue)
            #expect(meetings.count == 1)
            #expect(meetings[0]["topic"]?.stringValue == "Per HTTP")
            #expect(meetings[0]["registrants"]?[0]?["status"]?.stringValue == "denied")

            let calls = try #require(try await client.admin("GET", "/_sim/calls").json?.arrayValue)
            #expect(calls.contains { $0["status"]?.intValue == 502 && $0["zoomCode"]?.intValue == 502 })
            #expect(try await client.admin("GET", "/_sim/tokens").json?["issued"]?.intValue == 1)

            try await client.admin("POST", "/_sim/expire-tokens")
            #expect(try await client.api("GET", "/meetings/\(id)", token: token).code == 124)
            var fresh = try await client.token()
            let advanced = try await client.admin("POST", "/_sim/clock/advance", body: ["seconds": 3601])
            #expect(advanced.json?["now"]?.stringValue == "2027-01-04T10:00:01Z")
            #expect(
                try await client.api("GET", "/meetings/\(id)", token: fresh).json?["message"]?.stringValue
                    == "Access token is expired.")

            try await client.admin("POST", "/_sim/scopes", body: ["scopes": ["meeting:read:admin"]])
            fresh = try await client.token()
            #expect(try await client.api("GET", "/users/\(Fixture.host)", token: fresh).code == 4711)
            try await client.admin("POST", "/_sim/scopes", body: ["scopes": ["meeting:read:admin", "user:read:admin"]])
            fresh = try await client.token()
            try await client.admin("POST", "/_sim/users", body: ["email": "new@example.com", "type": 1])
            #expect(try await client.api("GET", "/users/new@example.com", token: fresh).json?["type"]?.intValue == 1)

            try await client.admin("POST", "/_sim/latency", body: ["seconds": 0.15])
            let started = Date()
            _ = try await client.api("GET", "/users/new@example.com", token: fresh)
            #expect(Date().timeIntervalSince(started) >= 0.15)
            #expect(try await client.admin("GET", "/_sim/nothing").status == 404)
            let set = try await client.admin("POST", "/_sim/clock/set", body: ["time": "2027-06-01T12:00:00Z"])
            #expect(set.json?["now"]?.stringValue == "2027-06-01T12:00:00Z")
            #expect(try await client.admin("GET", "/_sim/clock").json?["now"]?.stringValue == "2027-06-01T12:00:00Z")
            #expect(try await client.admin("POST", "/_sim/flush").status == 200)
            #expect(try await client.api("GET", "/nothing/here", token: fresh).status == 404)
        }
    }
}

@Suite("Simulator persistence")
struct SimulatorPersistenceTests {
    @Test("state is written owner-only after each change and reloaded on restart; ids keep growing")
    func restart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("state/sim.json")
        var configuration = Fixture.configuration()
        configuration.dataFile = file

        let first = try await ZoomSimulator.start(configuration)
        let client = SimClient(first)
        var token = try await client.token()
        let id = try #require(
            try await Fixture.create(client, token, Fixture.meetingBody(start: "2030-01-01T10:00:00", approval: 0))[
                "id"]?.intValue)
        _ = try await client.api(
            "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("r@example.org"), token: token)
        await first.flush()
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("r@example.org"))
        #expect(!text.contains("sim-secret"))
        await first.stop()

        let second = try await ZoomSimulator.start(configuration)
        let client2 = SimClient(second)
        token = try await client2.token()
        let got = try await client2.api("GET", "/meetings/\(id)", token: token)
        #expect(got.status == 200)
        #expect(
            try await client2.api("GET", "/meetings/\(id)/registrants", token: token).json?["total_records"]?.intValue
                == 1)
        let next = try #require(
            try await Fixture.create(client2, token, Fixture.meetingBody(start: "2030-01-01T10:00:00"))["id"]?.intValue)
        #expect(next > id)
        await second.stop()
    }

    @Test("a restart with the same users, and a token, leave the data file as it is; a changed user list rewrites it")
    func restartWithoutChangesDoesNotRewrite() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("sim.json")
        var configuration = Fixture.configuration()
        configuration.dataFile = file
        let first = try await ZoomSimulator.start(configuration)
        await first.stop()
        func identity() throws -> Int {
            try #require(
                (try FileManager.default.attributesOfItem(atPath: file.path)[.systemFileNumber] as? NSNumber)?.intValue)
        }
        let written = try identity()
        let bytes = try Data(contentsOf: file)

        let second = try await ZoomSimulator.start(configuration)
        // A token changes nothing in the account: no write either (each run takes one).
        _ = try await SimClient(second).token()
        await second.stop()
        #expect(try identity() == written, "same users and only a token: the file was not replaced")
        #expect(try Data(contentsOf: file) == bytes)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["sim.json"],
            "no temporary file left")

        configuration.users.append(SimulatedUser(email: "new-host@example.com"))
        let third = try await ZoomSimulator.start(configuration)
        await third.stop()
        #expect(try identity() != written, "a new user: the file was written again")
        #expect(try String(contentsOf: file, encoding: .utf8).contains("new-host@example.com"))
    }

    @Test("an unreadable data file stops the start and is left untouched")
    func corruptFile() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("sim.json")
        try Data("{not json".utf8).write(to: file)
        var configuration = Fixture.configuration()
        configuration.dataFile = file
        await #expect(throws: SimulatorDataFileError.self) { _ = try await ZoomSimulator.start(configuration) }
        #expect(try String(contentsOf: file, encoding: .utf8) == "{not json")
    }

    @Test("an unwritable data file fails the start; a write failure later turns calls into 500 until writes work again")
    func unwritable() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let blocker = try directory.write("blocker", "a file, not a folder")
        var configuration = Fixture.configuration()
        configuration.dataFile = blocker.appendingPathComponent("sim.json")
        await #expect(throws: (any Error).self) { _ = try await ZoomSimulator.start(configuration) }

        let folder = directory.url.appendingPathComponent("state")
        configuration.dataFile = folder.appendingPathComponent("sim.json")
        let simulator = try await ZoomSimulator.start(configuration)
        let client = SimClient(simulator)
        let token = try await client.token()
        _ = try await Fixture.create(client, token, Fixture.meetingBody())
        await simulator.flush()
        try FileManager.default.removeItem(at: folder)
        try Data("in the way".utf8).write(to: folder)
        _ = try await client.api("POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
        await simulator.flush()
        let failing = try await client.api(
            "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
        #expect(failing.status == 500)
        #expect(failing.json?["message"]?.stringValue?.contains(folder.path) == true)
        try FileManager.default.removeItem(at: folder)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let recovered = try await client.api(
            "POST", "/users/\(Fixture.host)/meetings", body: Fixture.meetingBody(), token: token)
        #expect(recovered.status == 201)
        await simulator.stop()
        // Four creates: the one answered 500 was kept in memory and is written with the next.
        let saved = try JSONValue.parse(Data(contentsOf: configuration.dataFile!))
        #expect(saved["meetings"]?.arrayValue?.count == 4)
    }
}
