import Foundation
import SemcoZoomCore
import SemcoZoomTestSupport
import Testing

/// `ValidateRun` as the core runs it: a typed outcome, nothing printed.
@Suite struct ValidateRunTests {
    static let drop = RepositoryFiles.samples.appendingPathComponent("drop")

    static func run(
        drop: String?, configPath: String? = nil, json: Bool = false, language: Language? = nil,
        at date: Date = Date()
    ) -> ValidateOutcome {
        ValidateRun.run(
            configPath: configPath, drop: drop, language: language, json: json,
            workingDirectory: RepositoryFiles.samples, environment: [:], clock: ManualClock(date))
    }

    @Test func samplesAreAcceptedWithErrorsAndCounted() throws {
        let outcome = Self.run(drop: Self.drop.path, json: true)
        #expect(outcome.exitStatus == .partial)
        #expect(outcome.fatal == nil)
        let report = try #require(outcome.report)
        #expect(report.rejection == nil)
        #expect(report.bookingCount == 20)
        #expect(report.snapshot?.courses.count == 20)
        // `--json` shows the fingerprints and lets the bookings go before the JSON is built.
        #expect(report.snapshot?.files.count == 4)
        #expect(report.snapshot?.bookings.isEmpty == true)
        let text = Self.run(drop: Self.drop.path).report
        #expect(text?.snapshot?.files.isEmpty == true)
        #expect(text?.snapshot?.bookings.count == 20)
    }

    @Test func jsonDecodesAndAgreesWithTheReport() throws {
        let outcome = Self.run(drop: Self.drop.path, json: true, language: .en)
        let report = try #require(outcome.report)
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(report.json(.en).utf8)) as? [String: Any])
        #expect(json["accepted"] as? Bool == true)
        let counts = try #require(json["counts"] as? [String: Int])
        #expect(counts["errors"] == report.diagnostics.filter { $0.severity == .error }.count)
        #expect((json["diagnostics"] as? [Any])?.count == report.diagnostics.count)
        #expect(json["rejection"] == nil)
    }

    @Test func todayComesFromTheClock() throws {
        // Long after every sample course has ended, none is judged any more: fewer findings.
        let now = try #require(Self.run(drop: Self.drop.path).report)
        let later = try #require(Self.run(drop: Self.drop.path, at: Date(timeIntervalSince1970: 2_208_988_800)).report)
        #expect(later.diagnostics.count < now.diagnostics.count)
    }

    @Test func badConfigurationNoDropAndAMissingFolderAreFatal() throws {
        let badConfig = Self.run(drop: nil, configPath: "/nonexistent/semco-zoom.yaml")
        #expect(badConfig.exitStatus == .fatal)
        #expect(badConfig.report == nil)
        #expect(badConfig.fatal?.text(.de).contains("/nonexistent/semco-zoom.yaml") == true)

        // No --drop, and no configuration file in the working directory to name one.
        let noDrop = Self.run(drop: nil, language: .en)
        #expect(noDrop.exitStatus == .fatal)
        #expect(noDrop.report == nil)
        #expect(noDrop.language == .en)
        #expect(noDrop.fatal?.en.hasPrefix("No drop directory given") == true)

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = Self.run(drop: dir.url.appendingPathComponent("nothing-here").path, language: .en)
        #expect(missing.exitStatus == .fatal)
        #expect(missing.report?.rejection != nil)
        #expect(missing.fatal?.en.hasPrefix("Input rejected, nothing is processed:\n  ") == true)
    }
}
