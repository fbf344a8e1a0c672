// libFuzzer entry point of the `pipeline-bytes` target; see FuzzTarget.pipelineBytes for how an input is read.

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzOne(.pipelineBytes, start, count)
}
