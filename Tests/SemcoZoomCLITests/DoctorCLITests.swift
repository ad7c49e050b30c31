import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing
import ZoomSimulator

/// `semco-zoom doctor` as a child process against the simulator (real HTTP on loopback),
/// with the credentials in ZOOM_* variables as cron would set them.
@Suite(.serialized) struct DoctorCLITests {
    static let secret = "Doctor-Secret-\(UUID().uuidString)"

    func setUp(hostType: Int) async throws -> (ZoomSimulator, TemporaryDirectory, [String: String]) {
        var configuration = SimulatorConfiguration()
        configuration.clientSecret = Self.secret
        configuration.enforceRateLimits = false
        configuration.users = [
            SimulatedUser(email: "host1@example.com", type: 2),
            SimulatedUser(email: "host2@example.com", type: hostType),
        ]
        let simulator = try await ZoomSimulator.start(configuration)
        let tmp = try TemporaryDirectory(prefix: "semco-zoom-doctor")
        let drop = tmp.url.appendingPathComponent("drop")
        try FileManager.default.createDirectory(at: drop, withIntermediateDirectories: true)
        try ExportWriter(drop: drop).write(
            stamp: "20270301_2200",
            courses: [
                ExportWriter.course("30001", "Eins", day: "05.04.2027", host: "host1@example.com"),
                ExportWriter.course("30002", "Zwei", day: "12.04.2027", host: "host2@example.com"),
            ], bookings: ["BN-1;30001;Frau;Rita;Doro;rita@example.com;;Bestätigte Buchung"])
        let environment = [
            "ZOOM_ACCOUNT_ID": configuration.accountID, "ZOOM_CLIENT_ID": configuration.clientID,
            "ZOOM_CLIENT_SECRET": Self.secret,
            "ZOOM_API_URL": simulator.apiURL.absoluteString, "ZOOM_OAUTH_URL": simulator.oauthURL.absoluteString,
        ]
        return (simulator, tmp, environment)
    }

    func doctor(_ tmp: TemporaryDirectory, _ environment: [String: String], _ extra: [String] = []) throws -> CLIResult
    {
        try CLIRunner.run(
            ["doctor", "--drop", "drop", "--state", "state/state.json"] + extra, in: tmp.url, environment: environment)
    }

    @Test func allOK() async throws {
        let (simulator, tmp, environment) = try await setUp(hostType: 2)
        defer { tmp.remove() }
        let result = try doctor(tmp, environment)
        await simulator.stop()
        #expect(result.exitCode == 0, "\(result.stdout)\n\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.dropLast().allSatisfy { $0.hasPrefix("OK ") }, "\(lines)")
        #expect(lines.contains { $0.contains("Client-Secret gesetzt") })
        #expect(
            lines.contains {
                $0.contains("Moderator host2@example.com (Kurse 30002): Benutzer im Zoom-Konto, lizenziert.")
            })
        #expect(lines.contains { $0.hasPrefix("OK      Sperre frei") })
        #expect(lines.last == "0 Fehler, 0 Warnungen.")
        #expect(!result.stdout.contains(Self.secret) && !result.stderr.contains(Self.secret))
    }

    @Test func unlicensedHostIsAnErrorWithItsFix() async throws {
        let (simulator, tmp, environment) = try await setUp(hostType: 1)
        defer { tmp.remove() }
        let result = try doctor(tmp, environment, ["--language", "en"])
        await simulator.stop()
        #expect(result.exitCode == 1)
        #expect(
            result.stdout.contains(
                "ERROR   Host host2@example.com (courses 30002): not licensed (basic) — registration needs a licensed host. Fix: Assign the user a licence in Zoom"
            ))
        #expect(
            result.stdout.contains(
                "OK      Host host1@example.com (courses 30001): user of the Zoom account, licensed."))
        #expect(result.stdout.contains("client secret set"))
        #expect(!result.stdout.contains(Self.secret))
    }

    @Test func wrongSecretIsAnErrorWithItsFix() async throws {
        let (simulator, tmp, environment) = try await setUp(hostType: 2)
        defer { tmp.remove() }
        var wrong = environment
        wrong["ZOOM_CLIENT_SECRET"] = "not-the-secret-\(UUID().uuidString)"
        let result = try doctor(tmp, wrong)
        await simulator.stop()
        #expect(result.exitCode == 1)
        let line = try #require(result.stdout.split(separator: "\n").first { $0.hasPrefix("FEHLER  Kein Zoom-Token") })
        #expect(line.contains("Zoom hat die Zugangsdaten abgelehnt (HTTP 4"))
        #expect(line.contains("Abhilfe: Account-ID, Client-ID und Client-Secret mit der Server-to-Server-OAuth-App"))
        #expect(!result.stdout.contains(wrong["ZOOM_CLIENT_SECRET"]!) && !result.stdout.contains(Self.secret))
    }
}
