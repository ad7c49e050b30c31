import Foundation
import Testing

@testable import SemcoZoomCore

/// Issue 16, point 6: co-trainers as alternative hosts (`alternative_hosts: trainers`).
@Suite struct PlanAlternativeHostsTests {
    static let wolf = "k.wolf@semcosoft.com"
    static let klein = "p.klein@semcosoft.com"
    static let lang = "e.lang@semcosoft.com"
    static let basic = "b.basis@semcosoft.com"
    static let gone = "n.weg@semcosoft.com"

    static func trainer(_ code: String, _ first: String, _ last: String, _ zoomUser: String?) -> TrainerAssignment {
        TrainerAssignment(
            courseNumber: "10062", shortCode: code, firstName: first, lastName: last, zoomUser: zoomUser,
            source: SourceLocation(file: "trainer.csv", line: 2))
    }

    static let twoTrainers = [trainer("KWO", "Karl", "Wolf", wolf), trainer("PKL", "Paul", "Klein", klein)]

    /// The guide's course, hosted by the Kursbetreuer: every trainer is a co-trainer.
    static func snapshot(_ trainers: [TrainerAssignment] = twoTrainers) -> Snapshot {
        Snapshot(courses: [Fx.course()], trainers: trainers, bookings: Fx.guideBookings())
    }

    static func configuration(
        _ option: Configuration.AlternativeHostsOption = .trainers, drift: Configuration.DriftPolicy = .semco
    )
        -> Configuration
    {
        var configuration = Configuration()
        configuration.alternativeHosts = option
        configuration.drift = drift
        return configuration
    }

    static let licensed: [String: ZoomUserStanding] = [
        wolf: .licensed, klein: .licensed, lang: .licensed, basic: .unlicensed(.basic, status: "active"),
        gone: .missing,
    ]

    /// A course synced through the test Zoom, the state recording what the executor records.
    struct Scene {
        var zoom = TestZoom()
        var state = SyncState(lineage: "t")
        var configuration: Configuration
        var users = PlanAlternativeHostsTests.licensed

        init(_ snapshot: Snapshot, configuration: Configuration = PlanAlternativeHostsTests.configuration()) {
            self.configuration = configuration
            let plan = run(snapshot).1
            apply(snapshot, plan)
        }

        var meetingID: ZoomMeetingID { state[course: "10062"]!.meetingID! }
        var alternativeHostsInZoom: String? { zoom.meetings[meetingID]!.settings.alternativeHosts }

        func run(_ snapshot: Snapshot) -> (DesiredState, Plan) {
            var observation = zoom.observe(state)
            observation.users = users
            return Fx.run(snapshot, state: state, zoom: observation, configuration: configuration)
        }

        mutating func apply(_ snapshot: Snapshot, _ plan: Plan) {
            let desired = Fx.build(snapshot, state: state, configuration: configuration)
            zoom.apply(plan)
            state = zoom.record(plan, desired: desired, into: state)
            // What the executor records with each meeting write (PlanExecutor → AlternativeHosts.recordSent).
            for action in plan.actions {
                guard var course = state[course: action.course] else { continue }
                switch action.kind {
                case .createMeeting(_, let request):
                    AlternativeHosts.recordSent(
                        request, into: &course, isCreate: true, option: configuration.alternativeHosts)
                case .updateMeeting(_, let request):
                    AlternativeHosts.recordSent(
                        request, into: &course, isCreate: false, option: configuration.alternativeHosts)
                default:
                    continue
                }
                state[course: action.course] = course
            }
        }
    }

    static func creates(_ plan: Plan) -> [MeetingChange] {
        plan.actions.compactMap {
            if case .createMeeting(_, let request) = $0.kind { return request } else { return nil }
        }
    }

    static let coTrainerCodes: Set<String> = [
        "plan.co-trainer-no-zoom-user", "plan.co-trainer-not-in-zoom", "plan.co-trainer-unlicensed",
        "plan.co-trainer-unchecked",
    ]

    @Test func theCreateCarriesTheCoTrainersWithALicensedZoomUser() {
        let scene = Scene(Self.snapshot())
        #expect(scene.alternativeHostsInZoom == "k.wolf@semcosoft.com;p.klein@semcosoft.com")
        #expect(scene.state[course: "10062"]?.alternativeHosts == [Self.wolf, Self.klein])
        #expect(scene.run(Self.snapshot()).1.actions.isEmpty)

        var observation = ZoomObservation()
        observation.users = Self.licensed
        let (desired, plan) = Fx.run(Self.snapshot(), zoom: observation, configuration: Self.configuration())
        #expect(desired.courses.first?.trainers.compactMap(\.zoomUser) == [Self.wolf, Self.klein])
        let create = try! #require(Self.creates(plan).first)
        #expect(create.settings?.alternativeHosts == "k.wolf@semcosoft.com;p.klein@semcosoft.com")
        #expect(create.settings?.approval == .manual)
        #expect(!plan.diagnostics.contains { Self.coTrainerCodes.contains($0.code) })
    }

    @Test func aWebinarSeparatesWithCommas() {
        var configuration = Self.configuration()
        configuration.kind = .webinar
        var observation = ZoomObservation()
        observation.users = Self.licensed
        let plan = Fx.run(Self.snapshot(), zoom: observation, configuration: configuration).1
        #expect(Self.creates(plan).first?.settings?.alternativeHosts == "k.wolf@semcosoft.com,p.klein@semcosoft.com")
        #expect(AlternativeHosts.parse(" K.Wolf@semcosoft.com, p.klein@semcosoft.com;;") == [Self.wolf, Self.klein])
    }

    @Test func withTheOptionOffTheFieldIsNeverSentNorCompared() {
        var scene = Scene(Self.snapshot(), configuration: Self.configuration(.none))
        #expect(scene.alternativeHostsInZoom == nil)
        #expect(scene.state[course: "10062"]?.alternativeHosts == nil)
        let (desired, _) = scene.run(Self.snapshot())
        #expect(desired.courses.first?.trainers == [])
        // Set by hand in Zoom, and another trainer in SEMCO: nothing to do, nothing said.
        scene.zoom.meetings[scene.meetingID]!.settings.alternativeHosts = "jemand@semcosoft.com"
        let plan = scene.run(Self.snapshot(Self.twoTrainers + [Self.trainer("ELA", "Eva", "Lang", Self.lang)])).1
        #expect(plan.actions.isEmpty)
        #expect(plan.diagnostics.isEmpty)
        #expect(plan.stateUpdates["10062"]?.alternativeHosts == nil)
    }

    @Test func onePatchOnlyWhenTheSetChanged() {
        var scene = Scene(Self.snapshot())
        // In step: nothing. Zoom answering the same set in another case, order and separator: nothing.
        #expect(scene.run(Self.snapshot()).1.actions.isEmpty)
        scene.zoom.meetings[scene.meetingID]!.settings.alternativeHosts =
            " P.Klein@SEMCOSOFT.com , k.wolf@semcosoft.com"
        let same = scene.run(Self.snapshot()).1
        #expect(same.actions.isEmpty)
        #expect(same.diagnostics.isEmpty)

        // A trainer added in SEMCO: one PATCH carrying only the alternative hosts.
        let three = Self.snapshot(Self.twoTrainers + [Self.trainer("ELA", "Eva", "Lang", Self.lang)])
        let plan = scene.run(three).1
        #expect(plan.actions.count == 1)
        #expect(
            updates(plan) == [
                MeetingChange(
                    settings: MeetingSettings(
                        alternativeHosts: "e.lang@semcosoft.com;k.wolf@semcosoft.com;p.klein@semcosoft.com"))
            ])
        #expect(plan.actions.first?.reason.en.contains("alternative_hosts") == true)
        #expect(plan.actions.first?.reason.de.contains("alternative Hosts") == true)
        scene.apply(three, plan)
        #expect(scene.state[course: "10062"]?.alternativeHosts == [Self.lang, Self.wolf, Self.klein].sorted())
        #expect(scene.run(three).1.actions.isEmpty)

        // A title change and a trainer removed: still one PATCH, with both.
        var retitled = Self.snapshot([Self.twoTrainers[0]])
        retitled.courses[0].title = "Narkose Aufbaukurs"
        let both = scene.run(retitled).1
        #expect(both.actions.count == 1)
        let request = try! #require(updates(both).first)
        #expect(request.topic == "Narkose Aufbaukurs")
        #expect(request.settings == MeetingSettings(alternativeHosts: Self.wolf))
    }

    @Test func aCoTrainerWithoutALicensedZoomUserIsWarnedAboutAndLeftOut() {
        let trainers =
            Self.twoTrainers + [
                Self.trainer("BBA", "Bernd", "Basis", Self.basic), Self.trainer("NWE", "Nora", "Weg", Self.gone),
                Self.trainer("OZU", "Olga", "Ohne", nil), Self.trainer("KAP", "Kurt", "Kaputt", "kein-zoom-user"),
            ]
        var observation = ZoomObservation()
        observation.users = Self.licensed
        let plan = Fx.run(Self.snapshot(trainers), zoom: observation, configuration: Self.configuration()).1
        #expect(Self.creates(plan).first?.settings?.alternativeHosts == "k.wolf@semcosoft.com;p.klein@semcosoft.com")
        let warnings = plan.diagnostics.filter { Self.coTrainerCodes.contains($0.code) }
        #expect(warnings.allSatisfy { $0.severity == .warning && $0.course == "10062" })
        #expect(
            Fx.codes(warnings).sorted() == [
                "plan.co-trainer-no-zoom-user", "plan.co-trainer-no-zoom-user", "plan.co-trainer-not-in-zoom",
                "plan.co-trainer-unlicensed",
            ])
        let unlicensed = try! #require(warnings.first { $0.code == "plan.co-trainer-unlicensed" })
        #expect(
            unlicensed.message.de.contains("Bernd Basis") && unlicensed.message.de.contains("nicht lizenziert (Basic)"))
        #expect(unlicensed.message.en.contains(Self.basic) && unlicensed.message.en.contains("not licensed (Basic)"))
        #expect(unlicensed.source?.file == "trainer.csv")
        let missing = try! #require(warnings.first { $0.code == "plan.co-trainer-not-in-zoom" })
        #expect(missing.message.de.contains("existiert im Zoom-Konto nicht"))
        #expect(warnings.contains { $0.message.de.contains("„kein-zoom-user“") })
        #expect(warnings.contains { $0.message.de.contains("Zoom Benutzernamen ist für Co-Trainer Olga Ohne") })
    }

    @Test func theHostIsNeverItsOwnAlternativeHost() {
        // Trainer-moderated: the ticked trainer hosts, the other one is the alternative host.
        let course = Fx.course(host: nil, moderator: .trainer)
        var wolf = Self.twoTrainers[0]
        wolf.isModerator = true
        let snapshot = Snapshot(courses: [course], trainers: [wolf, Self.twoTrainers[1]], bookings: Fx.guideBookings())
        var observation = ZoomObservation()
        observation.users = Self.licensed
        let plan = Fx.run(snapshot, zoom: observation, configuration: Self.configuration()).1
        let create = try! #require(Self.creates(plan).first)
        #expect(create.settings?.alternativeHosts == Self.klein)
        guard case .createMeeting(let host, _)? = plan.actions.first?.kind else {
            Issue.record("no create")
            return
        }
        #expect(host == Self.wolf)
    }

    @Test func aHostChangedInZoomIsLeftOutAndTheFormerHostBecomesACoTrainer() {
        // Trainer-moderated by Karl Wolf; in Zoom the meeting is given to Paul Klein.
        var wolf = Self.twoTrainers[0]
        wolf.isModerator = true
        let snapshot = Snapshot(
            courses: [Fx.course(host: nil, moderator: .trainer)], trainers: [wolf, Self.twoTrainers[1]],
            bookings: Fx.guideBookings())
        var scene = Scene(snapshot)
        #expect(scene.alternativeHostsInZoom == Self.klein)
        scene.zoom.meetings[scene.meetingID]!.host = Self.klein
        let plan = scene.run(snapshot).1
        #expect(updates(plan) == [MeetingChange(settings: MeetingSettings(alternativeHosts: Self.wolf))])
        #expect(plan.diagnostics.contains { $0.code == "plan.host-changed-in-zoom" })
        #expect(!plan.diagnostics.contains { $0.code == "zoom.drift-alternative-hosts" })
    }

    @Test func aChangeMadeInZoomFollowsTheDriftPolicy() {
        for drift in [Configuration.DriftPolicy.semco, .report] {
            var scene = Scene(Self.snapshot(), configuration: Self.configuration(drift: drift))
            scene.zoom.meetings[scene.meetingID]!.settings.alternativeHosts = "\(Self.wolf);jemand@semcosoft.com"
            let plan = scene.run(Self.snapshot()).1
            let drifts = plan.diagnostics.filter { $0.code == "zoom.drift-alternative-hosts" }
            #expect(drifts.count == 1, "\(drift)")
            #expect(drifts.first?.message.de.contains("alternative Hosts") == true)
            if drift == .semco {
                #expect(
                    updates(plan) == [
                        MeetingChange(
                            settings: MeetingSettings(
                                alternativeHosts: "k.wolf@semcosoft.com;p.klein@semcosoft.com"))
                    ])
                #expect(
                    plan.actions.first?.reason.en.contains("Changed in Zoom and set back: alternative_hosts") == true)
            } else {
                #expect(plan.actions.isEmpty)
                #expect(drifts.first?.message.en.contains("the change stays") == false)
                #expect(drifts.first?.hint?.en.contains("drift: report") == true)
            }
        }
    }

    @Test func whatZoomAlreadyHoldsIsRecordedWithoutACall() {
        // A run killed after the PATCH, before its journal entry: Zoom holds the new set, the
        // state the old one. The next run writes nothing and records the set.
        var scene = Scene(Self.snapshot())
        scene.zoom.meetings[scene.meetingID]!.settings.alternativeHosts = "\(Self.wolf);\(Self.klein);\(Self.lang)"
        let three = Self.snapshot(Self.twoTrainers + [Self.trainer("ELA", "Eva", "Lang", Self.lang)])
        let plan = scene.run(three).1
        #expect(plan.actions.isEmpty)
        #expect(plan.diagnostics.isEmpty)
        #expect(plan.stateUpdates["10062"]?.alternativeHosts == [Self.lang, Self.wolf, Self.klein].sorted())

        // A state that never recorded a set (option just turned on) takes Zoom's when it matches.
        scene.state[course: "10062"]?.alternativeHosts = nil
        scene.zoom.meetings[scene.meetingID]!.settings.alternativeHosts = "\(Self.wolf);\(Self.klein)"
        let recorded = scene.run(Self.snapshot()).1
        #expect(recorded.actions.isEmpty)
        #expect(recorded.stateUpdates["10062"]?.alternativeHosts == [Self.wolf, Self.klein].sorted())
    }

    @Test func anUnreadableZoomUserLeavesTheFieldAsItIs() {
        var scene = Scene(Self.snapshot())
        scene.users[Self.lang] = .unavailable(.api(status: 503, code: nil, message: "busy", fieldErrors: []))
        let plan = scene.run(Self.snapshot(Self.twoTrainers + [Self.trainer("ELA", "Eva", "Lang", Self.lang)])).1
        #expect(plan.actions.isEmpty)
        #expect(Fx.codes(plan.diagnostics) == ["plan.co-trainer-unchecked"])
        #expect(plan.diagnostics.first?.message.de.contains("Eva Lang <e.lang@semcosoft.com>") == true)
        #expect(plan.diagnostics.first?.message.en.contains("busy") == true)
    }
}
