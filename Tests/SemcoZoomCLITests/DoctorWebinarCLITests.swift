import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// `semco-zoom doctor` with webinars configured: each host's webinar licence
/// (`GET /users/{userId}/settings`, `feature.webinar`), and the warning for the old top-level `kind`.
@Suite(.serialized) struct DoctorWebinarCLITests {
    static let secret = "Doctor-Webinar-\(UUID().uuidString)"

    @Test func aHostWithoutTheWebinarLicenceIsAnErrorNamingTrainerAndHost() async throws {
        var configuration = SimulatorConfiguration()
        configuration.clientSecret = Self.secret
        configuration.enforceRateLimits = false
        configuration.users = [
            SimulatedUser(email: "host1@example.com", type: 2, webinar: true),
            SimulatedUser(email: "host2@example.com", type: 2),
        ]
        let simulator = try await ZoomSimulator.start(configuration)
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-doctor-webinar")
        defer { tmp.remove() }
        let drop = tmp.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try ExportWriter(drop: drop).write(
            stamp: "20270301_2200",
            courses: [
                ExportWriter.course("30001", "Eins", day: "05.04.2027", host: "host1@example.com"),
                ExportWriter.course("30002", "Zwei", day: "12.04.2027", host: "host2@example.com"),
            ], bookings: [])
        let environment = [
            "ZOOM_ACCOUNT_ID": configuration.accountID, "ZOOM_CLIENT_ID": configuration.clientID,
            "ZOOM_CLIENT_SECRET": Self.secret,
            "ZOOM_API_URL": simulator.apiURL.absoluteString, "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
        ]
        func doctor(_ config: String, _ extra: [String] = []) throws -> CLIResult {
            _ = try tmp.write("semco-zoom.yaml", config)
            return try CLIRunner.run(
                ["doctor", "--drop", "drop", "--state", "state/state.json"] + extra, in: tmp.url,
                environment: environment)
        }

        let webinars = try doctor("zoom:\n  kind: webinar\n", ["--language", "en"])
        #expect(webinars.exitCode == 1, "\(webinars.stdout)\n\(webinars.stderr)")
        #expect(
            webinars.stdout.contains(
                "ERROR   Adler, Julia, Host host2@example.com (courses 30002): no webinar licence (zoom.kind: webinar) — Zoom refuses to create the webinars. Fix: Assign the user the webinar licence in Zoom (User Management)"
            ), "\(webinars.stdout)")
        #expect(
            webinars.stdout.contains(
                "OK      Adler, Julia, Host host1@example.com (courses 30001): user of the Zoom account, licensed, with a webinar licence, up to 500 attendees."
            ), "\(webinars.stdout)")
        #expect(!webinars.stdout.contains("deprecated"))
        let settingsCalls = await simulator.servedCalls().filter { $0.path.hasSuffix("/settings") }
        #expect(settingsCalls.count == 2)

        // Meetings need no webinar licence: the same hosts are fine, and no settings are read.
        let meetings = try doctor("zoom:\n  kind: meeting\n")
        #expect(meetings.exitCode == 0, "\(meetings.stdout)\n\(meetings.stderr)")
        #expect(await simulator.servedCalls().filter { $0.path.hasSuffix("/settings") }.count == 2)

        // The old top-level key still selects webinars, with a warning.
        let legacy = try doctor("kind: webinar\n")
        #expect(legacy.exitCode == 1)
        #expect(
            legacy.stdout.contains("semco-zoom.yaml: Der Schlüssel „kind“ ist veraltet; er gilt noch (webinar)."),
            "\(legacy.stdout)")
        #expect(
            legacy.stdout.contains(
                "FEHLER  Adler, Julia, Moderator host2@example.com (Kurse 30002): keine Webinar-Lizenz"))
        await simulator.stop()
    }
}
