// Benchmark tools: the seeded data generator and the benchmark drivers (BENCHMARKS.md).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "generate":
        let options = try GenerateOptions.parse(Array(arguments.dropFirst()))
        let summary = try GenerateCommand.run(options)
        if !options.quiet { print(summary) }
    case "help", "--help", "-h", nil:
        print(BenchUsage.text)
    default:
        throw UsageError("unknown command '\(arguments[0])'")
    }
} catch let error as UsageError {
    FileHandle.standardError.write(Data("semco-zoom-bench: \(error.message)\n\n\(BenchUsage.text)\n".utf8))
    exit(64)
} catch {
    FileHandle.standardError.write(Data("semco-zoom-bench: \(error)\n".utf8))
    exit(1)
}
