import { describe, expect, it } from "vitest"
import * as Fm from "../../src/widgets/form.js"
import { clampCursor, listCursor, moveCursor, navDelta, visibleRange } from "../../src/widgets/listCursor.js"
import { edit, insert, isPrintable, textField } from "../../src/widgets/textField.js"

const k = (full: string, ch?: string) => ({ full, ch })

describe("text field", () => {
  it("types, moves and deletes by character, surrogate pairs included", () => {
    let f = textField()
    for (const c of "ab😀c") f = edit(f, k(c, c))!
    expect(f.value).toBe("ab😀c")
    f = edit(f, k("left"))!
    f = edit(f, k("backspace"))!
    expect(f.value).toBe("abc")
    f = edit(f, k("home"))!
    f = edit(f, k("delete"))!
    expect(f).toEqual({ value: "bc", cursor: 0, multiline: false })
    f = edit(f, k("end"))!
    f = edit(f, k("C-w"))!
    expect(f.value).toBe("")
  })

  it("keeps one-line fields on one line and leaves Up/Down to the dispatcher", () => {
    const f = textField("x")
    expect(edit(f, k("up"))).toBeUndefined()
    expect(edit(f, k("enter"))).toBeUndefined()
    expect(insert(f, "a\r\nb").value).toBe("xa b")
    expect(edit(f, k("C-l", "\x0c"))).toBeUndefined()
    expect(isPrintable(k("q", "q"))).toBe(true)
    expect(isPrintable(k("C-q", "\x11"))).toBe(false)
  })

  it("moves between lines of a multi-line field and leaves it from its edges", () => {
    let f = textField("one\ntwo\nthree", true)
    expect(edit(f, k("down"))).toBeUndefined()
    f = edit(f, k("up"))!
    expect(f.value.slice(0, f.cursor)).toBe("one\ntwo")
    f = edit(f, k("enter"))!
    expect(f.value).toBe("one\ntwo\n\nthree")
    f = { ...f, cursor: 1 }
    expect(edit(f, k("up"))).toBeUndefined()
  })
})

describe("list cursor", () => {
  it("keeps the selection in range and in view", () => {
    let c = listCursor()
    c = moveCursor(c, 25, 100, 10)
    expect(c).toEqual({ selected: 25, top: 16 })
    c = moveCursor(c, -20, 100, 10)
    expect(c).toEqual({ selected: 5, top: 5 })
    expect(moveCursor(c, 1000, 100, 10)).toEqual({ selected: 99, top: 90 })
    expect(clampCursor({ selected: 50, top: 45 }, 10, 10)).toEqual({ selected: 9, top: 0 })
    expect(visibleRange({ selected: 9_999, top: 0 }, 10_000, 20)).toEqual([9_980, 10_000])
    expect(navDelta("pageDown", 10, 100)).toBe(9)
    expect(navDelta("home", 10, 100)).toBe(-100)
  })
})

describe("form", () => {
  const fields: ReadonlyArray<Fm.FieldSpec> = [
    { id: "name", label: "Name", kind: "text" },
    { id: "kind", label: "Kind", kind: "choice", choices: ["a", "b"] },
    { id: "body", label: "Body", kind: "multiline", rows: 3 }
  ]

  it("moves the focus, cycles choices and reports the values", () => {
    let f = Fm.makeForm(fields, { name: "x" })
    expect(Fm.isTyping(f)).toBe(true)
    f = Fm.moveFocus(f, 1)
    expect(Fm.isTyping(f)).toBe(false)
    f = Fm.cycleChoice(f, 1)!
    f = Fm.moveFocus(f, 1)
    f = Fm.pasteFocused(f, "line\x1b[31m 1\r\nline 2")!
    expect(Fm.values(f)).toEqual({ name: "x", kind: "b", body: "line 1\nline 2" })
    expect(Fm.moveFocus(f, 1).focus).toBe(0)
  })

  it("puts each message next to its field and focuses the first", () => {
    let f = Fm.makeForm(fields)
    f = Fm.moveFocus(f, 2)
    f = Fm.withErrors(f, { name: "give it a name" })
    expect(f.focus).toBe(0)
    expect(Fm.firstError(f)).toBe("Name: give it a name")
    f = Fm.editFocused(f, k("a", "a"))!
    expect(f.errors).toEqual({})
  })

  it("checks numbers with clear messages", () => {
    expect(Fm.check.number("", { min: 0 })).toBeUndefined()
    expect(Fm.check.number("", { optional: false })).toBe("a number is needed")
    expect(Fm.check.number("abc")).toBe('"abc" is not a number')
    expect(Fm.check.number("1.5", { int: true })).toBe("must be a whole number")
    expect(Fm.check.number("41", { min: 0, max: 40 })).toBe("must be between 0 and 40")
    expect(Fm.check.number("-2", { min: -1 })).toBe("must be -1 or more")
    expect(Fm.check.number("1e3", { max: 2000 })).toBeUndefined()
    expect(Fm.check.required("  ", "the path")).toBe("the path must not be empty")
  })
})
