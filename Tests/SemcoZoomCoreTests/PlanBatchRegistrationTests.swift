import Foundation
import Testing

@testable import SemcoZoomCore

/// Batch registration in the planner: where Zoom takes it (scheduled meetings, type 2), in
/// chunks of at most 30, never for a recurring meeting, a person with an organisation or an
/// address Zoom lists as denied.
@Suite struct PlanBatchRegistrationTests {
    /// A one-session course (type 2): Monday 12.04.2027 16:00–21:00.
    static func singleSession(_ number: CourseNumber = "20001") -> Course {
        Fx.course(
            number, start: "2027-04-12", end: "2027-04-12",
            weekly: [.init(weekday: .monday, from: Fx.time("16:00"), to: Fx.time("21:00"))])
    }

    static func bookings(_ count: Int, course: CourseNumber = "20001", from: Int = 0) -> [Booking] {
        (from..<(from + count)).map { n in
            Fx.booking(
                String(format: "BN27-%05d", n), course: course, first: "Jörg", last: "Bäcker \(n)",
                email: "p\(n)@example.org")
        }
    }

    static func batches(_ plan: Plan) -> [[RegistrantAdd]] {
        plan.actions.compactMap {
            if case .addRegistrants(_, let people) = $0.kind { return people } else { return nil }
        }
    }

    static func singles(_ plan: Plan) -> [ZoomRegistrantRequest] {
        plan.actions.compactMap {
            if case .addRegistrant(_, let request) = $0.kind { return request } else { return nil }
        }
    }

    @Test func aNewScheduledMeetingWith45PeopleRegistersThemInTwoBatchesOf30And15() throws {
        let (desired, plan) = Fx.run(Snapshot(courses: [Self.singleSession()], bookings: Self.bookings(45)))
        let spec = try #require(
            Fx.intent(desired, "20001").flatMap { if case .sync(let m, _, _, _) = $0 { return m } else { return nil } })
        #expect(spec.kind == .meeting)
        let batches = Self.batches(plan)
        #expect(batches.map(\.count) == [30, 15])
        #expect(Self.singles(plan).isEmpty)
        // Booking order, each person's booking kept, created meeting as the target, then one refresh.
        #expect(batches.flatMap { $0 }.map(\.booking) == Self.bookings(45).map(\.number))
        #expect(
            batches[0][3].request
                == ZoomRegistrantRequest(
                    email: "p3@example.org", firstName: "Jörg", lastName: "Bäcker 3", autoApprove: true))
        #expect(plan.actions.map(\.kind).last == .refreshRegistrants(.created("20001")))
        #expect(
            plan.actions.first.map { if case .createMeeting = $0.kind { return true } else { return false } } == true)
        if case .addRegistrants(let ref, _) = plan.actions[1].kind {
            #expect(ref == .created("20001"))
        } else {
            Issue.record("no batch after the create")
        }
        #expect(plan.actions[1].booking == "BN27-00000")
        // Each batch is one Zoom write; the plan has 1 create + 2 batches.
        #expect(plan.zoomWrites.count == 3)
    }

    @Test func aRecurringMeetingAndOnePersonAndCompanyBookingsGetSingleAdds() {
        // The guide's course: Mon/Wed/Fri, a series (type 8): batch registration is not for it.
        let (_, recurring) = Fx.run(Snapshot(courses: [Fx.course()], bookings: Fx.guideBookings()))
        #expect(Self.batches(recurring).isEmpty)
        #expect(Self.singles(recurring).count == 3)

        // One person: a single add (a batch of one would spend the scarcer Heavy budget).
        let (_, one) = Fx.run(Snapshot(courses: [Self.singleSession()], bookings: Self.bookings(1)))
        #expect(Self.batches(one).isEmpty)
        #expect(Self.singles(one).map(\.email) == ["p0@example.org"])

        // A company booking carries an organisation, which a batch cannot: it is added alone.
        var people = Self.bookings(3)
        people[1].company = "Müller & Söhne GmbH"
        let (_, company) = Fx.run(Snapshot(courses: [Self.singleSession()], bookings: people))
        #expect(Self.batches(company).map { $0.map(\.request.email) } == [["p0@example.org", "p2@example.org"]])
        #expect(Self.singles(company).map(\.email) == ["p1@example.org"])
        #expect(Self.singles(company).first?.org == "Müller & Söhne GmbH")
    }

    @Test func newPeopleOfAnExistingScheduledMeetingAreBatchedButADeniedAddressIsApproved() {
        let snapshot = Snapshot(courses: [Self.singleSession()], bookings: Self.bookings(2))
        var synced = Synced(snapshot)
        let id = synced.state[course: "20001"]!.meetingID!
        #expect(synced.zoom.meetings[id]!.registrants.count == 2)
        #expect(synced.next().1.actions.isEmpty)
        // p1 cancelled in Zoom (denied); three new bookings arrive.
        let index = synced.zoom.meetings[id]!.registrants.firstIndex { $0.email == "p1@example.org" }!
        synced.zoom.meetings[id]!.registrants[index].status = .denied
        var changed = snapshot
        changed.bookings += Self.bookings(3, from: 2)
        let (desired, plan) = synced.next(changed)
        #expect(
            Self.batches(plan).map { $0.map(\.request.email) } == [
                ["p2@example.org", "p3@example.org", "p4@example.org"]
            ])
        #expect(
            plan.actions.contains {
                if case .approveRegistrant(.existing(id), let who) = $0.kind {
                    return who.email == "p1@example.org"
                } else {
                    return false
                }
            })
        #expect(Self.singles(plan).isEmpty)
        synced.apply(desired, plan)
        #expect(synced.next(changed).1.actions.isEmpty)
        #expect(synced.state[course: "20001"]?.registrants["p3@example.org"]?.bookings == ["BN27-00003"])
    }

    @Test func aMeetingTurningIntoASeriesGetsSingleAdds() {
        let snapshot = Snapshot(courses: [Self.singleSession()], bookings: Self.bookings(2))
        let synced = Synced(snapshot)
        // A second session: the meeting becomes a series (type 8) in the same run.
        var changed = snapshot
        changed.courses[0] = Fx.course(
            "20001", start: "2027-04-12", end: "2027-04-14",
            weekly: [
                .init(weekday: .monday, from: Fx.time("16:00"), to: Fx.time("21:00")),
                .init(weekday: .wednesday, from: Fx.time("16:00"), to: Fx.time("21:00")),
            ])
        changed.bookings += Self.bookings(2, from: 2)
        let (_, plan) = synced.next(changed)
        #expect(updates(plan).first?.kind == .meetingSeries)
        #expect(Self.batches(plan).isEmpty)
        #expect(Self.singles(plan).map(\.email) == ["p2@example.org", "p3@example.org"])
    }
}
