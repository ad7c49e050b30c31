import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator meetings and webinars")
struct SimulatorMeetingTests {
    @Test("creates a scheduled meeting with an int64 id, urls and settings, and gets it back")
    func createAndGet() async throws {
        try await Fixture.run { simulator, client, token in
            let created = try await Fixture.create(client, token, Fixture.meetingBody(approval: 1, agenda: "Tabellen"))
            let id = try #require(created["id"]?.intValue)
            #expect(id > 9_999_999_999)
            #expect(created["start_time"]?.stringValue == "2027-02-01T15:00:00Z")  // 16:00 Berlin (CET)
            #expect(created["timezone"]?.stringValue == "Europe/Berlin")
            #expect(created["start_url"]?.stringValue?.isEmpty == false)
            #expect(created["join_url"]?.stringValue?.isEmpty == false)
            #expect(created["registration_url"]?.stringValue?.isEmpty == false)
            #expect(created["settings"]?["approval_type"]?.intValue == 1)
            #expect(created["host_email"]?.stringValue == Fixture.host)
            let got = try await client.api("GET", "/meetings/\(id)", token: token)
            #expect(got.status == 200)
            #expect(got.json?["topic"]?.stringValue == "Excel Grundlagen")
            #expect(got.json?["agenda"]?.stringValue == "Tabellen")
            #expect(got.json?["duration"]?.intValue == 300)
            #expect(got.json?["start_url"] != nil)
            let snapshot = await simulator.snapshot()
            #expect(snapshot.meeting(id)?.approvalType == 1)
            // A UTC start with Z is taken as UTC.
            let utc = try await Fixture.create(client, token, Fixture.meetingBody(start: "2027-02-01T16:00:00Z"))
            #expect(utc["start_time"]?.stringValue == "2027-02-01T16:00:00Z")
            #expect(try #require(utc["id"]?.intValue) > id)
            // A start in the past means now.
            let past = try await Fixture.create(client, token, Fixture.meetingBody(start: "2020-01-01T10:00:00"))
            #expect(past["start_time"]?.stringValue == "2027-01-04T09:00:00Z")
        }
    }

    @Test("patch changes topic, agenda and settings; delete removes; unknown ids answer 3001")
    func patchAndDelete() async throws {
        try await Fixture.run { simulator, client, token in
            let id = try #require(try await Fixture.create(client, token, Fixture.meetingBody())["id"]?.intValue)
            let patch = try await client.api(
                "PATCH", "/meetings/\(id)", body: ["topic": "Neu", "agenda": "A", "settings": ["approval_type": 1]],
                token: token)
            #expect(patch.status == 204 && patch.body.isEmpty)
            let got = try await client.api("GET", "/meetings/\(id)", token: token)
            #expect(got.json?["topic"]?.stringValue == "Neu")
            #expect(got.json?["settings"]?["approval_type"]?.intValue == 1)
            #expect(
                try await client.api("DELETE", "/meetings/\(id)", query: "cancel_meeting_reminder=false", token: token)
                    .status == 204)
            let gone = try await client.api("GET", "/meetings/\(id)", token: token)
            #expect(gone.status == 404 && gone.code == 3001)
            #expect(try await client.api("DELETE", "/meetings/\(id)", token: token).code == 3001)
            #expect(try await client.api("PATCH", "/meetings/\(id)", body: ["topic": "x"], token: token).code == 3001)
            #expect(await simulator.snapshot().meetings.isEmpty)
        }
    }

    @Test("webinars (types 5 and 9) live on their own paths; crossing paths answers 3000")
    func webinars() async throws {
        try await Fixture.run { _, client, token in
            let webinar = try await Fixture.create(client, token, Fixture.meetingBody(type: 5), webinar: true)
            let webinarID = try #require(webinar["id"]?.intValue)
            #expect(webinar["type"]?.intValue == 5)
            let recurring = try await Fixture.create(
                client, token, Fixture.meetingBody(type: 9, recurrence: ["type": 1, "end_times": 3]), webinar: true)
            #expect(recurring["occurrences"]?.arrayValue?.count == 3)
            let meetingID = try #require(try await Fixture.create(client, token, Fixture.meetingBody())["id"]?.intValue)
            let crossed1 = try await client.api("GET", "/meetings/\(webinarID)", token: token)
            #expect(crossed1.status == 400 && crossed1.code == 3000)
            let crossed2 = try await client.api("GET", "/webinars/\(meetingID)", token: token)
            #expect(crossed2.status == 400 && crossed2.code == 3000)
            #expect(
                try await client.api(
                    "POST", "/meetings/\(webinarID)/registrants", body: Fixture.registrant("a@example.org"),
                    token: token
                ).code == 3000)
            #expect(try await client.api("GET", "/webinars/\(webinarID)", token: token).status == 200)
            let list = try await client.api("GET", "/users/\(Fixture.host)/webinars", token: token)
            #expect(list.json?["webinars"]?.arrayValue?.count == 2)
            let meetings = try await client.api("GET", "/users/\(Fixture.host)/meetings", token: token)
            #expect(meetings.json?["meetings"]?.arrayValue?.count == 1)
            // Meeting types on the webinar path are refused.
            #expect(
                try await client.api(
                    "POST", "/users/\(Fixture.host)/webinars", body: Fixture.meetingBody(type: 2), token: token
                ).code == 300)
        }
    }

    @Test("users: by e-mail or id, licensed or basic; unknown users and 'me' answer 1001")
    func users() async throws {
        try await Fixture.run { simulator, client, token in
            let licensed = try await client.api("GET", "/users/\(Fixture.host)", token: token)
            #expect(licensed.json?["type"]?.intValue == 2)
            let id = try #require(licensed.json?["id"]?.stringValue)
            #expect(
                try await client.api("GET", "/users/\(id)", token: token).json?["email"]?.stringValue == Fixture.host)
            #expect(
                try await client.api("GET", "/users/\(Fixture.basicUser)", token: token).json?["type"]?.intValue == 1)
            let unknown = try await client.api("GET", "/users/nobody@example.com", token: token)
            #expect(unknown.status == 404 && unknown.code == 1001)
            #expect(try await client.api("GET", "/users/me", token: token).code == 1001)
            #expect(
                try await client.api(
                    "POST", "/users/nobody@example.com/meetings", body: Fixture.meetingBody(), token: token
                ).code == 1001)
            await simulator.setUserType(email: Fixture.basicUser, type: 2)
            #expect(
                try await client.api("GET", "/users/\(Fixture.basicUser)", token: token).json?["type"]?.intValue == 2)
        }
    }

    @Test("autoCreateUsers makes any host e-mail a licensed user")
    func autoCreate() async throws {
        try await Fixture.run({ $0.autoCreateUsers = true }) { _, client, token in
            _ = try await Fixture.create(client, token, Fixture.meetingBody(), host: "trainer@example.net")
            #expect(
                try await client.api("GET", "/users/trainer@example.net", token: token).json?["type"]?.intValue == 2)
        }
    }

    @Test("a basic (unlicensed) host cannot schedule a meeting with registration: 3161")
    func basicHost() async throws {
        try await Fixture.run { _, client, token in
            for approval in [0, 1] {
                let answer = try await client.api(
                    "POST", "/users/\(Fixture.basicUser)/meetings", body: Fixture.meetingBody(approval: approval),
                    token: token)
                #expect(answer.status == 400 && answer.code == 3161)
            }
            #expect(
                try await client.api(
                    "POST", "/users/\(Fixture.basicUser)/meetings", body: Fixture.meetingBody(approval: 2), token: token
                ).status == 201)
            #expect(
                try await client.api(
                    "POST", "/users/\(Fixture.basicUser)/webinars", body: Fixture.meetingBody(type: 5, approval: 2),
                    token: token
                ).code == 3161)
        }
    }

    @Test("validation answers 300 with field errors")
    func validation() async throws {
        try await Fixture.run { _, client, token in
            func errors(_ body: JSONValue) async throws -> [String] {
                let answer = try await client.api("POST", "/users/\(Fixture.host)/meetings", body: body, token: token)
                #expect(answer.status == 400 && answer.code == 300)
                return answer.json?["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
            }
            #expect(try await errors(Fixture.meetingBody(topic: String(repeating: "x", count: 201))) == ["topic"])
            #expect(try await errors(Fixture.meetingBody(agenda: String(repeating: "x", count: 2001))) == ["agenda"])
            #expect(try await errors(Fixture.meetingBody(duration: 0)) == ["duration"])
            #expect(try await errors(Fixture.meetingBody(duration: 1441)) == ["duration"])
            #expect(try await errors(Fixture.meetingBody(type: 3)) == ["type"])
            #expect(try await errors(Fixture.meetingBody(timezone: "Mars/Olympus")) == ["timezone"])
            #expect(try await errors(Fixture.meetingBody(type: 8)) == ["recurrence"])
            #expect(
                try await errors(
                    Fixture.meetingBody(type: 8, recurrence: ["type": 2, "weekly_days": "2,9", "end_times": 3])) == [
                        "recurrence.weekly_days"
                    ])
            #expect(
                try await errors(
                    Fixture.meetingBody(type: 8, recurrence: ["type": 2, "weekly_days": "2", "end_times": 51])) == [
                        "recurrence.end_times"
                    ])
            #expect(try await errors(Fixture.meetingBody(start: "01.02.2027 16:00")) == ["start_time"])
            #expect(try await errors(["topic": 5]) == ["topic"])
            #expect(try await errors(["settings": ["approval_type": 7]]) == ["settings.approval_type"])
            // Exactly at the limits is fine.
            _ = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    topic: String(repeating: "x", count: 200), duration: 1440,
                    agenda: String(repeating: "y", count: 2000)))
            _ = try await Fixture.create(client, token, Fixture.meetingBody(duration: 1))
            let notJSON = try await client.send(
                "POST", url: URL(string: client.simulator.apiURL.absoluteString + "/users/\(Fixture.host)/meetings")!,
                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                body: Data("{topic".utf8))
            #expect(notJSON.status == 400)
            #expect(notJSON.code == 300)
        }
    }

    @Test("lists upcoming and scheduled meetings with agenda cut to 250 and expiring page tokens")
    func listAndPaging() async throws {
        try await Fixture.run { simulator, client, token in
            var ids: [Int64] = []
            for n in 0..<7 {
                let body = Fixture.meetingBody(
                    topic: "K\(n)", start: "2027-02-0\(n + 1)T10:00:00", agenda: String(repeating: "a", count: 300))
                ids.append(try #require(try await Fixture.create(client, token, body)["id"]?.intValue))
            }
            let path = "/users/\(Fixture.host)/meetings"
            let first = try await client.api("GET", path, query: "type=upcoming&page_size=3", token: token)
            #expect(first.json?["total_records"]?.intValue == 7)
            #expect(first.json?["page_size"]?.intValue == 3)
            let items = try #require(first.json?["meetings"]?.arrayValue)
            #expect(items.count == 3)
            #expect(items.allSatisfy { $0["agenda"]?.stringValue?.count == 250 })
            #expect(items.allSatisfy { $0["start_url"] == nil })
            var seen = items.compactMap { $0["id"]?.intValue }
            var token1 = try #require(first.json?["next_page_token"]?.stringValue)
            while !token1.isEmpty {
                let next = try await client.api(
                    "GET", path, query: "type=upcoming&page_size=3&next_page_token=\(token1)", token: token)
                seen += next.json?["meetings"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
                token1 = next.json?["next_page_token"]?.stringValue ?? ""
            }
            #expect(seen.sorted() == ids.sorted())
            // The page token expires after 15 minutes: 300.
            let again = try await client.api("GET", path, query: "type=scheduled&page_size=2", token: token)
            let stale = try #require(again.json?["next_page_token"]?.stringValue)
            await simulator.advanceClock(by: 15 * 60 + 1)
            let expired = try await client.api(
                "GET", path, query: "type=scheduled&page_size=2&next_page_token=\(stale)", token: token)
            #expect(expired.status == 400 && expired.code == 300)
            // page_size above 300 is served as 300.
            #expect(
                try await client.api("GET", path, query: "page_size=1000", token: token).json?["page_size"]?.intValue
                    == 300)
            // A meeting that is over is no longer upcoming, but still scheduled.
            await simulator.advanceClock(by: 60 * 24 * 3600)
            let token = try await client.token()  // the old one expired with the clock
            #expect(
                try await client.api("GET", path, query: "type=upcoming", token: token).json?["total_records"]?.intValue
                    == 0)
            #expect(
                try await client.api("GET", path, query: "type=scheduled", token: token).json?["total_records"]?
                    .intValue == 7)
            #expect(try await client.api("GET", path, query: "type=bogus", token: token).code == 300)
        }
    }
}
