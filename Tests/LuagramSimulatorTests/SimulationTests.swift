import LuagramSimulator
import Testing

@Suite struct SimulationTests {}
