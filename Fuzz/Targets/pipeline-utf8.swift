// libFuzzer entry point of the `pipeline-utf8` target; see FuzzTarget.pipelineUTF8 for how an input is read.

/// Called by libFuzzer once per input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    fuzzOne(.pipelineUTF8, start, count)
}
