import Foundation
import SemcoZoomTestSupport
import Testing

@testable import ZoomSimulator

/// The simulator's storage: indexed meeting and user lists, the hand-written data-file writer
/// and the background writer's flush/stop guarantees.
@Suite("Simulator state storage")
struct StateStorageTests {
    static let epoch = Date(timeIntervalSince1970: 1_799_053_200.123_456)

    static func meeting(_ id: Int64, registrants count: Int = 0, recurring: Bool = false) -> StoredMeeting {
        let topic = "Topic \"\(id)\" — Grundlagen / Aufbau \\ tab\there\nnew line \u{1}\u{8}\u{C}\r 😀"
        let agenda: String? = id % 3 == 0 ? nil : "Agenda <b>\(id)</b> é"
        var recurrence: StoredRecurrence?
        if recurring {
            recurrence = StoredRecurrence(
                type: 2, repeatInterval: 1, weeklyDays: [2, 4], monthlyDay: 3, monthlyWeek: -1,
                monthlyWeekDay: 5, endTimes: 4, endDateTime: epoch.addingTimeInterval(86_400 * 30))
        }
        let registrants = (0..<count).map { registrant(meeting: id, $0) }
        return StoredMeeting(
            id: id, uuid: "uu/id+\(id)==", isWebinar: id % 2 == 0, hostID: "host-\(id % 3)",
            hostEmail: "Host\(id % 3)@Example.com",
            topic: topic, type: recurring ? 8 : 2, agenda: agenda, timezone: "Europe/Berlin",
            startTime: epoch.addingTimeInterval(Double(id) * 3600), duration: 90,
            createdAt: Date(timeIntervalSince1970: 1_799_000_000),  // a whole second: no ".0" in the file
            recurrence: recurrence, settingsJSON: #"{"approval_type":0,"audio":"voip","alternative_hosts":"a/b"}"#,
            password: "pw\(id)", joinToken: "join\(id)", registrationToken: "reg\(id)",
            occurrences: recurring ? occurrences() : [], registrants: registrants)
    }

    static func registrant(meeting id: Int64, _ index: Int) -> StoredRegistrant {
        let lastName: String? = index % 4 == 0 ? nil : "Müller-\(index)"
        let extra: String? = index % 2 == 0 ? #"{"org":"ACME \/ Co","city":"Köln"}"# : nil
        let status = ["approved", "pending", "denied"][index % 3]
        return StoredRegistrant(
            id: "reg-\(id)-\(index)", email: "Person.\(index)@Example.org", firstName: "Zoë \(index)",
            lastName: lastName, extraJSON: extra, status: status,
            joinURL: "http://127.0.0.1:8080/w/\(id)?tk=token\(index)",
            createTime: epoch.addingTimeInterval(Double(index) * 0.001_7))
    }

    static func occurrences() -> [StoredOccurrence] {
        (0..<3).map { (day: Int) -> StoredOccurrence in
            let start = epoch.addingTimeInterval(Double(day) * 86_400)
            return StoredOccurrence(
                id: String(1_799_053_200_000 + day * 86_400_000), start: start, duration: 90,
                status: day == 1 ? "deleted" : "available")
        }
    }

    static func state(meetings: Int, registrantsEach: Int) -> SimState {
        var state = SimState()
        state.nextMeetingID = 80_123_456_789
        state.tokensIssued = 42
        state.users = UserList([
            StoredUser(
                id: "u1", email: "Host0@Example.com", type: 2, firstName: "Hanna", lastName: "Höst", timezone: "UTC",
                createdAt: epoch),
            StoredUser(
                id: "u2", email: "basic@example.com", type: 1, firstName: "", lastName: "", timezone: "Europe/Berlin",
                createdAt: Date(timeIntervalSince1970: 0)),
        ])
        for id in 0..<Int64(meetings) {
            state.meetings.append(meeting(80_000_000_000 + id, registrants: registrantsEach, recurring: id % 2 == 1))
        }
        state.dailyCounts = [
            "add|2027-01-04|80000000000|person.1@example.org": 1, "host|2027-01-04|host0@example.com": 7,
            "Add|2027-01-04|x": 2, "add|2027-01-04|80000000000|persön@example.org": 3, "status|2027-01-03|a/b": 1,
        ]
        return state
    }

    static func encodedByFoundation(_ state: SimState) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .millisecondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(state)
    }

    @Test("the data file is byte for byte what JSONEncoder (sorted keys, milliseconds) wrote before")
    func sameBytesAsJSONEncoder() throws {
        let state = Self.state(meetings: 6, registrantsEach: 5)
        let ours = StateJSONWriter.data(state)
        let foundation = try Self.encodedByFoundation(state)
        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: foundation, as: UTF8.self))
        #expect(ours == foundation)

        var empty = SimState()
        empty.nextMeetingID = 80_000_000_001
        #expect(StateJSONWriter.data(empty) == (try Self.encodedByFoundation(empty)))
    }

    @Test("a large state is written in pieces that together are the whole document")
    func chunked() throws {
        let state = Self.state(meetings: 3, registrantsEach: 4_000)
        var pieces: [[UInt8]] = []
        try StateJSONWriter.write(state) { pieces.append($0) }
        #expect(pieces.count > 1)
        #expect(pieces.dropLast().allSatisfy { $0.count >= StateJSONWriter.chunkSize })
        #expect(Data(pieces.joined()) == (try Self.encodedByFoundation(state)))
    }

    @Test("a data file written by the old JSONEncoder writer loads, and saving it again gives the same bytes")
    func oldFileLoads() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("sim.json")
        let state = Self.state(meetings: 4, registrantsEach: 3)
        let old = try Self.encodedByFoundation(state)
        try old.write(to: file)
        let loaded = try #require(try Persistence.load(from: file))
        #expect(loaded.meetings.count == 4)
        #expect(loaded.meetingIndex(80_000_000_003) == 3)
        #expect(loaded.user(matching: "HOST0@example.COM")?.id == "u1")
        try Persistence.save(loaded, to: file)
        #expect(try Data(contentsOf: file) == old)
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["sim.json"],
            "no temporary file left")
    }

    @Test("meeting lookups by id stay right after appends, in-place changes and deletes")
    func meetingIndex() {
        var list = MeetingList()
        for id in Int64(1)...6 { list.append(Self.meeting(id * 10)) }
        #expect((1...6).map { list.position(of: Int64($0) * 10) } == [0, 1, 2, 3, 4, 5])
        list[2].topic = "changed"
        list[2].registrants.append(Self.registrant(meeting: 30, 0))
        #expect(list[list.position(of: 30)!].topic == "changed")
        #expect(list[list.position(of: 30)!].registrants.count == 1)
        list.remove(at: 1)
        list.remove(at: 0)
        #expect(list.position(of: 10) == nil && list.position(of: 20) == nil)
        #expect([30, 40, 50, 60].map { list.position(of: $0) } == [0, 1, 2, 3])
        #expect(list.map(\.id) == [30, 40, 50, 60])
        list.append(Self.meeting(70))
        #expect(list.position(of: 70) == 4)
        list.remove(at: 4)
        #expect(list.position(of: 70) == nil)
        #expect(list.position(of: 999) == nil)

        var state = SimState()
        state.meetings = list
        #expect(state.meetingIndex(50) == 2)
        state.meetings[state.meetingIndex(50)!] = Self.meeting(50, registrants: 2)
        #expect(state.meetings[2].registrants.count == 2)
        // A file that repeats an id (only by hand) finds the first, as the old scan did.
        let repeated = MeetingList([Self.meeting(5), Self.meeting(6), Self.meeting(5, registrants: 1)])
        #expect(repeated.position(of: 5) == 0)
    }

    @Test("user lookups by e-mail in any case or by id find the first matching user")
    func userIndex() {
        var state = SimState()
        let user = { (id: String, email: String) in
            StoredUser(
                id: id, email: email, type: 2, firstName: "", lastName: "", timezone: "UTC", createdAt: Self.epoch)
        }
        state.users.append(user("id-a", "Anna@Example.com"))
        state.users.append(user("id-b", "bert@example.com"))
        // A user whose id looks like another's e-mail: the earlier user wins, as with the scan.
        state.users.append(user("anna@example.com", "carl@example.com"))
        #expect(state.user(matching: "ANNA@EXAMPLE.COM")?.id == "id-a")
        #expect(state.user(matching: "anna@example.com")?.id == "id-a")
        #expect(state.user(matching: "id-b")?.email == "bert@example.com")
        #expect(state.user(matching: "Carl@example.com")?.id == "anna@example.com")
        #expect(state.user(matching: "nobody@example.com") == nil)
        #expect(state.users.position(email: "BERT@example.com") == 1)
        state.users[1].type = 1
        #expect(state.user(matching: "bert@example.com")?.type == 1)
    }

    @Test("through the API: a deleted meeting is gone, the others keep answering and taking registrants")
    func deleteThroughAPI() async throws {
        try await Fixture.run { _, client, token in
            var ids: [Int64] = []
            for _ in 0..<4 {
                ids.append(
                    try #require(
                        try await Fixture.create(client, token, Fixture.meetingBody(approval: 0))["id"]?.intValue))
            }
            #expect(try await client.api("DELETE", "/meetings/\(ids[1])", token: token).status == 204)
            #expect(try await client.api("GET", "/meetings/\(ids[1])", token: token).code == 3001)
            for id in [ids[0], ids[2], ids[3]] {
                #expect(try await client.api("GET", "/meetings/\(id)", token: token).json?["id"]?.intValue == id)
                let added = try await client.api(
                    "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("r\(id)@example.org"), token: token)
                #expect(added.status == 201)
            }
            let again = try await client.api(
                "POST", "/meetings/\(ids[3])/registrants", body: Fixture.registrant("R\(ids[3])@EXAMPLE.org"),
                token: token)
            #expect(again.json?["registrant_id"] != nil)
            #expect(
                try await client.api("GET", "/meetings/\(ids[3])/registrants", token: token).json?["total_records"]?
                    .intValue == 1)
        }
    }

    @Test("the data file holds the last change after flush() and after stop(), however fast the changes came")
    func flushAndStopWriteTheLastChange() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.url.appendingPathComponent("sim.json")
        var configuration = Fixture.configuration()
        configuration.dataFile = file
        let simulator = try await ZoomSimulator.start(configuration)
        let client = SimClient(simulator)
        let token = try await client.token()
        let id = try #require(
            try await Fixture.create(client, token, Fixture.meetingBody(start: "2030-01-01T10:00:00", approval: 0))[
                "id"]?.intValue)
        func registrantsOnDisk() throws -> [String] {
            let saved = try #require(try Persistence.load(from: file))
            return saved.meetings.first { $0.id == id }?.registrants.map(\.email) ?? []
        }
        for index in 0..<40 {
            _ = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("p\(index)@example.org"), token: token)
        }
        await simulator.flush()
        #expect(try registrantsOnDisk().count == 40)
        #expect(try registrantsOnDisk().last == "p39@example.org")
        _ = try await client.api(
            "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("over-http@example.org"), token: token)
        #expect(try await client.admin("POST", "/_sim/flush").status == 200)
        #expect(try registrantsOnDisk().last == "over-http@example.org")
        for index in 40..<60 {
            _ = try await client.api(
                "POST", "/meetings/\(id)/registrants", body: Fixture.registrant("p\(index)@example.org"), token: token)
        }
        await simulator.denyRegistrantDirectly(meetingID: id, email: "p59@example.org")
        await simulator.stop()
        let saved = try #require(try Persistence.load(from: file))
        let registrants = try #require(saved.meetings.first { $0.id == id }?.registrants)
        #expect(registrants.count == 61)
        #expect(registrants.last?.email == "p59@example.org")
        #expect(registrants.last?.status == "denied")
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: directory.url.path) == ["sim.json"],
            "no temporary file left")
    }
}
