import Foundation
import Testing
@testable import ArabicSearchServer

/// The limit on searches at once: a search past it waits for a slot, and gives up (the server
/// answers 503) when none comes free before its deadline.
@Suite struct SearchSlotsTests {
    @Test func aSearchWaitsForASlotAndGivesUpAtItsDeadline() async throws {
        let slots = SearchSlots(count: 1)
        let (started, hasStarted) = AsyncStream<Void>.makeStream()
        let (released, release) = AsyncStream<Void>.makeStream()
        // The first search holds the only slot until released (no thread blocked meanwhile).
        let holding = Task {
            try await slots.run(timeout: 100) { () async -> String in
                hasStarted.yield()
                for await _ in released { break }
                return "first"
            }
        }
        for await _ in started { break }
        // A search that waits 0.05 s for a slot gives up…
        let late = try await slots.run(timeout: 0.05) { "late" }
        #expect(late == nil)
        // …and one that waits long enough gets the slot once it is given back.
        let patient = Task { try await slots.run(timeout: 100) { "patient" } }
        release.yield()
        #expect(try await holding.value == "first")
        #expect(try await patient.value == "patient")
    }

    @Test func slotsAreGivenBackWhenTheSearchThrows() async throws {
        struct Failure: Error {}
        let slots = SearchSlots(count: 1)
        await #expect(throws: Failure.self) { _ = try await slots.run(timeout: 1) { () throws -> Int in throw Failure() } }
        #expect(try await slots.run(timeout: 0.1) { 1 } == 1)
    }
}
