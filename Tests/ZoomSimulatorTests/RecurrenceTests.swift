import Foundation
import Testing
import ZoomSimulator

@Suite("Simulator recurring meetings")
struct SimulatorRecurrenceTests {
    static func starts(_ meeting: JSONValue) -> [String] {
        meeting["occurrences"]?.arrayValue?.compactMap { $0["start_time"]?.stringValue } ?? []
    }

    @Test("weekly Mon/Wed/Fri 16:00 Berlin from 2027-04-12 to 2027-04-16 has exactly three occurrences at 14:00Z")
    func berlinWeek() async throws {
        try await Fixture.run { _, client, token in
            let body = Fixture.meetingBody(
                type: 8, start: "2027-04-12T16:00:00", duration: 300,
                recurrence: [
                    "type": 2, "repeat_interval": 1, "weekly_days": "2,4,6", "end_date_time": "2027-04-16T21:00:00Z",
                ])
            let created = try await Fixture.create(client, token, body)
            #expect(Self.starts(created) == ["2027-04-12T14:00:00Z", "2027-04-14T14:00:00Z", "2027-04-16T14:00:00Z"])
            let occurrences = try #require(created["occurrences"]?.arrayValue)
            #expect(
                occurrences.allSatisfy { $0["duration"]?.intValue == 300 && $0["status"]?.stringValue == "available" })
            // occurrence_id is the epoch milliseconds of the occurrence's start, as a string.
            #expect(occurrences.first?["occurrence_id"]?.stringValue == "1807538400000")
            #expect(created["recurrence"]?["weekly_days"]?.stringValue == "2,4,6")
            // The same series with end_times.
            let counted = Fixture.meetingBody(
                type: 8, start: "2027-04-12T16:00:00",
                recurrence: ["type": 2, "weekly_days": "2,4,6", "end_times": 3])
            let startsCounted = Self.starts(try await Fixture.create(client, token, counted))
            #expect(startsCounted == Self.starts(created))
        }
    }

    @Test("a series across the March DST change keeps 16:00 local: 15:00Z before, 14:00Z after")
    func dstChange() async throws {
        try await Fixture.run { _, client, token in
            let body = Fixture.meetingBody(
                type: 8, start: "2027-03-22T16:00:00",
                recurrence: ["type": 2, "weekly_days": "2", "end_times": 3])
            let created = try await Fixture.create(client, token, body)
            #expect(Self.starts(created) == ["2027-03-22T15:00:00Z", "2027-03-29T14:00:00Z", "2027-04-05T14:00:00Z"])
            // A start given in UTC is still repeated at the same Berlin wall-clock time.
            let utc = Fixture.meetingBody(
                type: 8, start: "2027-03-26T15:00:00Z", recurrence: ["type": 1, "end_times": 3])
            let startsUtc = Self.starts(try await Fixture.create(client, token, utc))
            #expect(startsUtc == ["2027-03-26T15:00:00Z", "2027-03-27T15:00:00Z", "2027-03-28T14:00:00Z"])
        }
    }

    @Test("daily with repeat_interval, weekly every second week, start on a day not in weekly_days, cap at 50")
    func shapes() async throws {
        try await Fixture.run { _, client, token in
            let daily = Fixture.meetingBody(
                type: 8, start: "2027-05-03T09:00:00", timezone: "UTC",
                recurrence: ["type": 1, "repeat_interval": 2, "end_times": 4])
            let startsDaily = Self.starts(try await Fixture.create(client, token, daily))
            #expect(
                startsDaily == [
                    "2027-05-03T09:00:00Z", "2027-05-05T09:00:00Z", "2027-05-07T09:00:00Z", "2027-05-09T09:00:00Z",
                ])
            // Starts on a Sunday; Tuesdays (3) every second week.
            let biweekly = Fixture.meetingBody(
                type: 8, start: "2027-05-02T09:00:00", timezone: "UTC",
                recurrence: ["type": 2, "repeat_interval": 2, "weekly_days": "3", "end_times": 3])
            let startsBiweekly = Self.starts(try await Fixture.create(client, token, biweekly))
            #expect(startsBiweekly == ["2027-05-04T09:00:00Z", "2027-05-18T09:00:00Z", "2027-06-01T09:00:00Z"])
            let long = Fixture.meetingBody(
                type: 8, start: "2027-05-03T09:00:00", timezone: "UTC",
                recurrence: ["type": 1, "end_date_time": "2028-05-03T00:00:00Z"])
            let startsLong = Self.starts(try await Fixture.create(client, token, long))
            #expect(startsLong.count == 50)
            let monthly = Fixture.meetingBody(
                type: 8, start: "2027-05-03T09:00:00", timezone: "UTC",
                recurrence: ["type": 3, "monthly_day": 15, "end_times": 2])
            let startsMonthly = Self.starts(try await Fixture.create(client, token, monthly))
            #expect(startsMonthly == ["2027-05-15T09:00:00Z", "2027-06-15T09:00:00Z"])
        }
    }

    @Test("per-occurrence patch and delete touch only that occurrence")
    func perOccurrence() async throws {
        try await Fixture.run { simulator, client, token in
            let created = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    type: 8, start: "2027-04-12T16:00:00",
                    recurrence: ["type": 2, "weekly_days": "2,4,6", "end_times": 3]))
            let id = try #require(created["id"]?.intValue)
            let ids = created["occurrences"]?.arrayValue?.compactMap { $0["occurrence_id"]?.stringValue } ?? []
            #expect(ids.count == 3)
            let patch = try await client.api(
                "PATCH", "/meetings/\(id)", query: "occurrence_id=\(ids[1])",
                body: ["start_time": "2027-04-14T17:00:00", "duration": 120], token: token)
            #expect(patch.status == 204)
            #expect(
                try await client.api("DELETE", "/meetings/\(id)", query: "occurrence_id=\(ids[2])", token: token).status
                    == 204)
            let got = try #require(try await client.api("GET", "/meetings/\(id)", token: token).json)
            let occurrences = try #require(got["occurrences"]?.arrayValue)
            #expect(occurrences.map { $0["occurrence_id"]?.stringValue } == ids)  // ids keep the original start
            #expect(occurrences[0]["start_time"]?.stringValue == "2027-04-12T14:00:00Z")
            #expect(occurrences[1]["start_time"]?.stringValue == "2027-04-14T15:00:00Z")
            #expect(occurrences[1]["duration"]?.intValue == 120)
            #expect(occurrences[2]["status"]?.stringValue == "deleted")
            #expect(occurrences[0]["status"]?.stringValue == "available")
            // One occurrence can be fetched with occurrence_id.
            let one = try await client.api("GET", "/meetings/\(id)", query: "occurrence_id=\(ids[1])", token: token)
            #expect(one.json?["start_time"]?.stringValue == "2027-04-14T15:00:00Z")
            #expect(
                try await client.api(
                    "PATCH", "/meetings/\(id)", query: "occurrence_id=123", body: ["duration": 60], token: token
                ).code == 300)
            #expect(await simulator.snapshot().meeting(id)?.occurrences.filter { $0.status == "deleted" }.count == 1)
        }
    }

    @Test("a series patch of schedule fields recomputes occurrences; topic-only patches keep them")
    func seriesPatch() async throws {
        try await Fixture.run { _, client, token in
            let created = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    type: 8, start: "2027-04-12T16:00:00",
                    recurrence: ["type": 2, "weekly_days": "2,4,6", "end_times": 3]))
            let id = try #require(created["id"]?.intValue)
            let first = try #require(created["occurrences"]?[0]?["occurrence_id"]?.stringValue)
            #expect(
                try await client.api("DELETE", "/meetings/\(id)", query: "occurrence_id=\(first)", token: token).status
                    == 204)
            #expect(
                try await client.api("PATCH", "/meetings/\(id)", body: ["topic": "Umbenannt"], token: token).status
                    == 204)
            var got = try #require(try await client.api("GET", "/meetings/\(id)", token: token).json)
            #expect(got["occurrences"]?[0]?["status"]?.stringValue == "deleted")
            let patch: JSONValue = [
                "start_time": "2027-04-13T09:00:00", "recurrence": ["type": 2, "weekly_days": "3,5", "end_times": 4],
            ]
            #expect(try await client.api("PATCH", "/meetings/\(id)", body: patch, token: token).status == 204)
            got = try #require(try await client.api("GET", "/meetings/\(id)", token: token).json)
            #expect(
                Self.starts(got) == [
                    "2027-04-13T07:00:00Z", "2027-04-15T07:00:00Z", "2027-04-20T07:00:00Z", "2027-04-22T07:00:00Z",
                ])
            #expect(got["occurrences"]?.arrayValue?.allSatisfy { $0["status"]?.stringValue == "available" } == true)
            #expect(got["topic"]?.stringValue == "Umbenannt")
        }
    }

    @Test("occurrences that have ended are hidden unless show_previous_occurrences=true")
    func previousOccurrences() async throws {
        try await Fixture.run { simulator, client, token in
            let created = try await Fixture.create(
                client, token,
                Fixture.meetingBody(
                    type: 8, start: "2027-04-12T16:00:00",
                    recurrence: ["type": 2, "weekly_days": "2,4,6", "end_times": 3]))
            let id = try #require(created["id"]?.intValue)
            await simulator.freezeClock(at: Fixture.date("2027-04-13T12:00:00Z"))
            let token = try await client.token()
            let upcoming = try #require(try await client.api("GET", "/meetings/\(id)", token: token).json)
            #expect(Self.starts(upcoming) == ["2027-04-14T14:00:00Z", "2027-04-16T14:00:00Z"])
            #expect(upcoming["start_time"]?.stringValue == "2027-04-14T14:00:00Z")
            let all = try #require(
                try await client.api("GET", "/meetings/\(id)", query: "show_previous_occurrences=true", token: token)
                    .json)
            #expect(Self.starts(all).count == 3)
        }
    }
}
