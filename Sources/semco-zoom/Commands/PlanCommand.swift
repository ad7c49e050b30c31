import ArgumentParser
import SemcoZoomCore

/// `semco-zoom plan`: everything `sync` does up to the plan; applies nothing, moves no file.
struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Show what sync would change in Zoom; applies nothing and moves no file.",
        discussion: "Exit codes: 0 nothing to change, 1 fatal, 2 there are changes to apply, "
            + "4 the mass-cancel guard would refuse, 64 usage error, 75 another run holds the lock. "
            + "Errors in the exports are in the report; `validate` exits 3 on them."
    )

    @OptionGroup var config: ConfigOptions
    @OptionGroup var drop: DropOptions
    @OptionGroup var run: RunOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var metrics: MetricsOptions

    func run() async throws {
        try await RunCommandSupport.execute(
            mode: .plan, config: config, drop: drop, run: run, output: output,
            metrics: metrics)
    }
}
