//! What a session's sandbox lets a guest see of the host: nothing. A probe component (written in the component
//! text format below) asks WASI for the environment, the arguments, the working directory and the preopened
//! directories, under the very WASI context every session gets (`runtime::sandbox_wasi`), while the test
//! process itself has environment variables, arguments and a working directory.

use jira_host::runtime::sandbox_wasi;
use jira_host::Limits;
use wasmtime::component::{Component, Linker, ResourceTable};
use wasmtime::{Engine, Store};
use wasmtime_wasi::{WasiCtx, WasiCtxView, WasiView};

/// Imports what std and a curious guest could use to look at the host, and exports one count per question.
const PROBE: &str = r#"
(component $probe
  (import "wasi:cli/environment@0.2.0" (instance $env
    (export "get-environment" (func (result (list (tuple string string)))))
    (export "get-arguments" (func (result (list string))))
    (export "initial-cwd" (func (result (option string))))))
  (import "wasi:filesystem/types@0.2.0" (instance $types
    (export "descriptor" (type (sub resource)))))
  (alias export $types "descriptor" (type $descriptor))
  (type $preopens-type (instance
    (alias outer $probe $descriptor (type $d))
    (export "descriptor" (type $exported (eq $d)))
    (type $own (own $exported))
    (type $entry (tuple $own string))
    (type $entries (list $entry))
    (export "get-directories" (func (result $entries)))))
  (import "wasi:filesystem/preopens@0.2.0" (instance $preopens (type $preopens-type)))

  (core module $memory-module
    (memory (export "memory") 1)
    (global $next (mut i32) (i32.const 1024))
    ;; A bump allocator: enough for the lists the host returns.
    (func (export "realloc") (param i32 i32 i32 i32) (result i32)
      (local $at i32)
      (local.set $at (i32.and (i32.add (global.get $next) (i32.sub (local.get 2) (i32.const 1)))
                              (i32.sub (i32.const 0) (local.get 2))))
      (global.set $next (i32.add (local.get $at) (local.get 3)))
      (block $fits
        (br_if $fits (i32.le_u (global.get $next) (i32.mul (memory.size) (i32.const 65536))))
        (drop (memory.grow (i32.add (i32.div_u (global.get $next) (i32.const 65536)) (i32.const 1)))))
      (local.get $at)))
  (core instance $memory (instantiate $memory-module))

  (core func $get-environment (canon lower (func $env "get-environment")
    (memory (core memory $memory "memory")) (realloc (core func $memory "realloc"))))
  (core func $get-arguments (canon lower (func $env "get-arguments")
    (memory (core memory $memory "memory")) (realloc (core func $memory "realloc"))))
  (core func $initial-cwd (canon lower (func $env "initial-cwd")
    (memory (core memory $memory "memory")) (realloc (core func $memory "realloc"))))
  (core func $get-directories (canon lower (func $preopens "get-directories")
    (memory (core memory $memory "memory")) (realloc (core func $memory "realloc"))))

  ;; Each question writes its answer at 16: a list is (pointer, length), an option a discriminant byte.
  (core module $questions
    (import "host" "memory" (memory 1))
    (import "host" "get-environment" (func $get-environment (param i32)))
    (import "host" "get-arguments" (func $get-arguments (param i32)))
    (import "host" "initial-cwd" (func $initial-cwd (param i32)))
    (import "host" "get-directories" (func $get-directories (param i32)))
    (func (export "environment-count") (result i32)
      (call $get-environment (i32.const 16)) (i32.load (i32.const 20)))
    (func (export "argument-count") (result i32)
      (call $get-arguments (i32.const 16)) (i32.load (i32.const 20)))
    (func (export "has-cwd") (result i32)
      (call $initial-cwd (i32.const 16)) (i32.load8_u (i32.const 16)))
    (func (export "preopen-count") (result i32)
      (call $get-directories (i32.const 16)) (i32.load (i32.const 20))))
  (core instance $answers (instantiate $questions
    (with "host" (instance
      (export "memory" (memory $memory "memory"))
      (export "get-environment" (func $get-environment))
      (export "get-arguments" (func $get-arguments))
      (export "initial-cwd" (func $initial-cwd))
      (export "get-directories" (func $get-directories))))))

  (func (export "environment-count") (result u32) (canon lift (core func $answers "environment-count")))
  (func (export "argument-count") (result u32) (canon lift (core func $answers "argument-count")))
  (func (export "has-cwd") (result u32) (canon lift (core func $answers "has-cwd")))
  (func (export "preopen-count") (result u32) (canon lift (core func $answers "preopen-count"))))
"#;

struct Probe {
    wasi: WasiCtx,
    table: ResourceTable,
}

impl WasiView for Probe {
    fn ctx(&mut self) -> WasiCtxView<'_> {
        WasiCtxView { ctx: &mut self.wasi, table: &mut self.table }
    }
}

/// The probe's four answers under `wasi`: environment variables, arguments, a working directory (0/1),
/// preopened directories.
fn ask(wasi: WasiCtx) -> [u32; 4] {
    let engine = Engine::default();
    let component = Component::new(&engine, wat::parse_str(PROBE).expect("the probe parses")).expect("compiles");
    let mut linker = Linker::<Probe>::new(&engine);
    wasmtime_wasi::p2::add_to_linker_sync(&mut linker).expect("WASI links");
    let mut store = Store::new(&engine, Probe { wasi, table: ResourceTable::new() });
    let instance = linker.instantiate(&mut store, &component).expect("the probe instantiates");
    ["environment-count", "argument-count", "has-cwd", "preopen-count"].map(|name| {
        let question = instance.get_typed_func::<(), (u32,)>(&mut store, name).expect(name);
        question.call(&mut store, ()).expect(name).0
    })
}

#[test]
fn a_session_sees_no_environment_arguments_directory_or_files_of_the_host() {
    assert!(std::env::vars_os().next().is_some(), "the test process has environment variables to leak");
    assert!(std::env::current_dir().is_ok());
    for guest_stderr in [false, true] {
        let limits = Limits { guest_stderr, ..Limits::default() };
        assert_eq!(ask(sandbox_wasi(&limits)), [0, 0, 0, 0], "guest_stderr: {guest_stderr}");
    }
}

#[test]
fn the_probe_does_see_what_a_context_grants() {
    // The same probe under a context that inherits: it can tell, so the zeros above are the sandbox's.
    let mut wasi = WasiCtx::builder();
    wasi.inherit_env().args(&["jira-host", "call"]);
    wasi.preopened_dir(std::env::temp_dir(), "/tmp", wasmtime_wasi::FsPerms::ReadOnly).expect("temp dir opens");
    let [environment, arguments, _, preopens] = ask(wasi.build());
    assert_eq!(environment as usize, std::env::vars_os().count());
    assert_eq!((arguments, preopens), (2, 1));
}
