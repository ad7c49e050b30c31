import ArgumentParser

struct PlanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plan", abstract: "Not built yet.")

    func run() async throws {
        throw ValidationError("'plan' is not built yet")
    }
}
