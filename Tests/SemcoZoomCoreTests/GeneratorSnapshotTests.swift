import Foundation
import SemcoZoomTestSupport
import Testing

@testable import SemcoZoomCore

/// A generated drop read by the real input layer: the generator writes what SEMCO writes, and
/// the reader and validator accept it with the counts asked for and the planted problems found.
@Suite struct GeneratorSnapshotTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 1)

    static func read(format: String, in tmp: TemporaryDirectory) throws -> (Snapshot, [Diagnostic]) {
        let drop = tmp.url.appendingPathComponent("drop-\(format)")
        _ = try BenchRunner.generate(["--size", "S", "--seed", "1", "--format", format], into: drop)
        let selection = try DropDirectory.select(in: drop)
        let configuration = Configuration()
        let (snapshot, notes) = try SnapshotReader.readWithNotes(selection, configuration: configuration)
        return (snapshot, notes + Validator.validate(snapshot, configuration: configuration, today: today))
    }

    static func histogram(_ diagnostics: [Diagnostic]) -> [String: Int] {
        diagnostics.reduce(into: [:]) { $0[$1.code, default: 0] += 1 }
    }

    @Test func sizeSReadsWithTheRequestedCountsAndThePlantedProblems() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (snapshot, diagnostics) = try Self.read(format: "csv", in: tmp)
        let drop = tmp.url.appendingPathComponent("drop-csv")
        let sessionRows = try StrictCSV(Data(contentsOf: GeneratorTests.file(drop, "kurstermine", "csv"))).rows.count
        let trainerRows = try StrictCSV(Data(contentsOf: GeneratorTests.file(drop, "trainer", "csv"))).rows.count

        #expect(snapshot.courses.count == 300)
        #expect(snapshot.bookings.count == 6_000)
        #expect(snapshot.trainers.count == trainerRows)
        #expect(snapshot.courses.reduce(0) { $0 + $1.scheduledDates.count } == sessionRows)
        #expect(snapshot.files.count == 4)
        // The generator's values arrive as the domain types, umlauts and quoting intact.
        #expect(Set(snapshot.courses.map(\.status)) == Set(CourseStatus.allCases))
        #expect(Set(snapshot.bookings.map(\.status)) == Set(BookingStatus.allCases))
        #expect(snapshot.courses.contains { $0.title.contains("\"") })
        #expect(snapshot.bookings.contains { ($0.company ?? "").contains(";") })
        #expect(snapshot.courses.allSatisfy { $0.syncRequested != nil })

        let codes = Self.histogram(diagnostics)
        print("diagnostics of the S drop, seed 1:", codes.sorted { $0.key < $1.key })
        // Planted on purpose, so validation has something to say …
        for code in [
            "booking.no-email", "booking.email-umlaut", "booking.email-invalid", "booking.host-as-participant",
            "booking.duplicate-email", "course.no-times", "course.too-many-sessions", "course.end-before-start",
            "course.title-too-long", "course.no-moderator", "course.moderator-no-zoom-user",
            "course.moderator-not-ticked", "course.moderator-login-inactive", "course.over-capacity",
        ] {
            #expect(codes[code, default: 0] > 0, "expected \(code)")
        }
        // … and nothing that means the generator wrote inconsistent exports.
        for code in [
            "booking.unknown-course", "trainer.unknown-course", "session.unknown-course", "course.several-moderators",
            "course.session-end-before-start",
        ] {
            #expect(codes[code] == nil, "unexpected \(code): \(codes[code] ?? 0)")
        }
        // A tiny share: the normal path dominates.
        let bookingErrors = diagnostics.filter { $0.booking != nil && $0.severity == .error }.count
        #expect(bookingErrors > 0 && bookingErrors < 6_000 / 50, "\(bookingErrors) booking errors")
    }

    @Test func xmlTwinReadsToTheSameSnapshot() throws {
        let tmp = try TemporaryDirectory()
        defer { tmp.remove() }
        let (csv, csvDiagnostics) = try Self.read(format: "csv", in: tmp)
        let (xml, xmlDiagnostics) = try Self.read(format: "xml", in: tmp)
        // Equal up to where each record came from (line numbers vs element paths).
        func placeless(_ course: Course) -> Course {
            var copy = course
            copy.source = SourceLocation(file: "")
            copy.scheduledDates = copy.scheduledDates.map { ScheduledDate(day: $0.day, from: $0.from, to: $0.to) }
            return copy
        }
        func placeless(_ trainer: TrainerAssignment) -> TrainerAssignment {
            var copy = trainer
            copy.source = SourceLocation(file: "")
            return copy
        }
        func placeless(_ booking: Booking) -> Booking {
            var copy = booking
            copy.source = SourceLocation(file: "")
            return copy
        }
        #expect(csv.courses.map(placeless) == xml.courses.map(placeless))
        #expect(csv.trainers.map(placeless) == xml.trainers.map(placeless))
        #expect(csv.bookings.map(placeless) == xml.bookings.map(placeless))
        #expect(Self.histogram(csvDiagnostics) == Self.histogram(xmlDiagnostics))
    }
}
