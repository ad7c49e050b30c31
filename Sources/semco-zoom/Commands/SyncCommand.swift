import ArgumentParser
import SemcoZoomCore

/// `semco-zoom sync`: the nightly job — read the drop directory, plan, apply, write outputs.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read SEMCO's exports, plan and apply the changes in Zoom, write the report.",
        discussion:
            "Exit codes: 0 done, 1 fatal (nothing more applied), 3 some courses or bookings failed or were deferred "
            + "or the exports have errors, 4 refused by the mass-cancel guard, 64 usage error, 75 another run holds the lock."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var metrics: MetricsOptions

    @Flag(name: .long, help: "Read the drop directory without moving any file.")
    var keepDrop = false

    func run() async throws {
        try await RunCommandSupport.execute(
            mode: .sync, config: config, drop: drop, run: run, output: output,
            metrics: metrics, keepDrop: keepDrop)
    }
}
