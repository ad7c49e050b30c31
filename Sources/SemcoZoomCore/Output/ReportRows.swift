import Foundation

/// The report's actions as its writers read them: by position, in report order (course order,
/// and the run's order within a course). A run's report makes each row when it is read, from
/// the run's outcome (`OutputWriter.rows(of:state:language:)`), so that a first sync's half a
/// million actions are never held a second time as report rows; an assembled document's rows
/// are its `actions`.
public struct ReportRows: Sendable {
    /// How many rows there are.
    public let count: Int
    private let make: @Sendable (Int) -> ReportAction
    private let courseAt: @Sendable (Int) -> String

    /// Rows made one at a time: `row(i)` makes the i-th, `course(i)` names its course (cheaply,
    /// without making the row).
    init(count: Int, row: @escaping @Sendable (Int) -> ReportAction, course: @escaping @Sendable (Int) -> String) {
        self.count = count
        self.make = row
        self.courseAt = course
    }

    /// The rows of a list already in report order.
    public init(_ actions: [ReportAction]) {
        self.init(count: actions.count, row: { actions[$0] }, course: { actions[$0].course })
    }

    public var indices: Range<Int> { 0..<count }

    /// The i-th row (made anew at every call for a run's rows).
    public subscript(index: Int) -> ReportAction { make(index) }

    /// The course of the i-th row.
    public func course(at index: Int) -> String { courseAt(index) }

    /// Every row, as one list (for callers that keep them, e.g. the tests).
    public var all: [ReportAction] { indices.map { make($0) } }
}
