import Foundation
import SemcoZoomCore
import ZoomSimulator

struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

enum BenchUsage {
    static let text = """
        usage: semco-zoom-bench generate [--size S|M|L|custom] [--courses N] [--bookings N] [--seed N]
                                         [--format csv|xml] --out DIR [--stamp YYYYMMDD_HHMM]
                                         [--users-out FILE] [--quiet]

          Writes a deterministic SEMCO drop directory (same options → byte-identical files):
          kurse_, kurstermine_, trainer_, buchungen_<stamp>.csv (';', UTF-8 with BOM, CRLF)
          or kurse_, trainer_, buchungen_<stamp>.xml.

          --size       S = 300 courses / 6,000 bookings, M = 3,000 / 60,000, L = 20,000 / 500,000
                       (default S); custom needs --courses and --bookings; both override a size
          --seed       any unsigned 64-bit number (default 1)
          --stamp      timestamp in the file names (default 20261231_2200)
          --users-out  also write the Zoom hosts as a simulator users JSON list
          --quiet      print nothing on success
        """
}

enum DataSize: String, CaseIterable {
    case small = "S"
    case medium = "M"
    case large = "L"
    case custom

    var counts: (courses: Int, bookings: Int)? {
        switch self {
        case .small: return (300, 6_000)
        case .medium: return (3_000, 60_000)
        case .large: return (20_000, 500_000)
        case .custom: return nil
        }
    }
}

struct GenerateOptions: Equatable {
    var courses: Int
    var bookings: Int
    var seed: UInt64 = 1
    var format: ExportFormat = .csv
    var out: String
    var stamp = "20261231_2200"
    var usersOut: String?
    var quiet = false

    static func parse(_ args: [String]) throws -> GenerateOptions {
        var size = DataSize.small
        var courses: Int?
        var bookings: Int?
        var seed: UInt64 = 1
        var format = ExportFormat.csv
        var out: String?
        var stamp = "20261231_2200"
        var usersOut: String?
        var quiet = false

        var index = 0
        func value(_ name: String) throws -> String {
            index += 1
            guard index < args.count else { throw UsageError("\(name) needs a value") }
            return args[index]
        }
        func count(_ name: String) throws -> Int {
            let text = try value(name)
            guard let number = Int(text.replacingOccurrences(of: "_", with: "")), number >= 0 else {
                throw UsageError("\(name) wants a whole number ≥ 0, not '\(text)'")
            }
            return number
        }
        while index < args.count {
            let arg = args[index]
            switch arg {
            case "--size":
                let text = try value(arg)
                guard let parsed = DataSize(rawValue: text == "custom" ? text : text.uppercased()) else {
                    throw UsageError("--size is S, M, L or custom, not '\(text)'")
                }
                size = parsed
            case "--courses": courses = try count(arg)
            case "--bookings": bookings = try count(arg)
            case "--seed":
                let text = try value(arg)
                guard let parsed = UInt64(text) else {
                    throw UsageError("--seed wants an unsigned 64-bit number, not '\(text)'")
                }
                seed = parsed
            case "--format":
                let text = try value(arg)
                guard let parsed = ExportFormat(rawValue: text.lowercased()) else {
                    throw UsageError("--format is csv or xml, not '\(text)'")
                }
                format = parsed
            case "--out": out = try value(arg)
            case "--stamp":
                stamp = try value(arg)
                let digits = stamp.split(separator: "_")
                guard digits.count == 2, digits[0].count == 8, [4, 6].contains(digits[1].count),
                    digits.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
                else {
                    throw UsageError("--stamp is YYYYMMDD_HHMM or YYYYMMDD_HHMMSS, not '\(stamp)'")
                }
            case "--users-out": usersOut = try value(arg)
            case "--quiet": quiet = true
            default: throw UsageError("unknown option '\(arg)'")
            }
            index += 1
        }
        guard let out else { throw UsageError("--out DIR is required") }
        if size == .custom, courses == nil || bookings == nil {
            throw UsageError("--size custom needs --courses N and --bookings N")
        }
        let defaults = size.counts ?? (0, 0)
        return GenerateOptions(
            courses: courses ?? defaults.courses, bookings: bookings ?? defaults.bookings, seed: seed,
            format: format, out: out, stamp: stamp, usersOut: usersOut, quiet: quiet)
    }

    /// `20261231_2200` → `2026-12-31T22:00:00`, for the XML root's `erstellt` attribute.
    var createdTimestamp: String {
        let parts = stamp.split(separator: "_").map(String.init)
        let date = Array(parts[0])
        let time = Array(parts[1]) + (parts[1].count == 4 ? ["0", "0"] : [])
        return "\(String(date[0..<4]))-\(String(date[4..<6]))-\(String(date[6..<8]))T"
            + "\(String(time[0..<2])):\(String(time[2..<4])):\(String(time[4..<6]))"
    }
}

enum GenerateCommand {
    static func run(_ options: GenerateOptions) throws -> String {
        try FileManager.default.createDirectory(
            atPath: options.out, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        let generator = DataGenerator(
            GeneratorParameters(courses: options.courses, bookings: options.bookings, seed: options.seed))
        let names = ExportNames(stamp: options.stamp)
        let files: [WrittenFile]
        switch options.format {
        case .csv: files = try CSVExporter.write(generator, to: options.out, names: names)
        case .xml:
            files = try XMLExporter.write(generator, to: options.out, names: names, created: options.createdTimestamp)
        }
        if let usersOut = options.usersOut {
            try writeUsers(generator.hosts, to: usersOut)
        }
        var lines = files.map { "\($0.name)\t\($0.records) records\t\($0.bytes) bytes" }
        lines.append(
            "total\t\(files.reduce(0) { $0 + $1.bytes }) bytes in \(files.count) files; \(generator.hosts.count) Zoom hosts; seed \(options.seed)"
        )
        return lines.joined(separator: "\n")
    }

    /// The hosts as the simulator's users list: `[{"email","type":2,"first_name","last_name"}]`.
    static func writeUsers(_ hosts: [Person], to path: String) throws {
        let users = hosts.map {
            SimulatedUser(email: $0.email, type: 2, firstName: $0.firstName, lastName: $0.lastName)
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        var data = try encoder.encode(users)
        data.append(0x0A)
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw FileWriteError(path: path, operation: "write", code: errno)
        }
    }
}
