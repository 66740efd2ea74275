package solution

// Hidden reference tests for the intexpr task. Each top-level test checks one
// behaviour of the specification and does not depend on any other test.
// Helpers carry a "ref" prefix so they cannot clash with a solution's names.

import (
	"errors"
	"math"
	"strings"
	"sync"
	"testing"
)

type refCase struct {
	src  string
	want int64
}

func refCheckValues(t *testing.T, vars map[string]int64, cases []refCase) {
	t.Helper()
	for _, c := range cases {
		got, err := Eval(c.src, vars)
		if err != nil {
			t.Errorf("Eval(%q) returned error %v, want %d", c.src, err, c.want)
			continue
		}
		if got != c.want {
			t.Errorf("Eval(%q) = %d, want %d", c.src, got, c.want)
		}
	}
}

// refCompileErr asserts that Compile(src) fails with an error satisfying target.
func refCompileErr(t *testing.T, src string, target error) error {
	t.Helper()
	e, err := Compile(src)
	if err == nil {
		t.Errorf("Compile(%q) succeeded (%v), want error %v", src, e, target)
		return nil
	}
	if !errors.Is(err, target) {
		t.Errorf("Compile(%q) error = %v, want errors.Is(err, %v)", src, err, target)
	}
	return err
}

// refEvalErr asserts that src compiles and that evaluating it fails with target.
func refEvalErr(t *testing.T, src string, vars map[string]int64, target error) error {
	t.Helper()
	e, err := Compile(src)
	if err != nil {
		t.Errorf("Compile(%q) error = %v, want success (the error belongs to Eval)", src, err)
		return nil
	}
	got, err := e.Eval(vars)
	if err == nil {
		t.Errorf("Eval(%q) = %d, want error %v", src, got, target)
		return nil
	}
	if !errors.Is(err, target) {
		t.Errorf("Eval(%q) error = %v, want errors.Is(err, %v)", src, err, target)
	}
	return err
}

// refSyntaxPos asserts that Compile(src) fails with a *SyntaxError at pos.
func refSyntaxPos(t *testing.T, src string, pos int) {
	t.Helper()
	_, err := Compile(src)
	if err == nil {
		t.Errorf("Compile(%q) succeeded, want a syntax error at %d", src, pos)
		return
	}
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Errorf("Compile(%q) error = %v (%T), want a *SyntaxError", src, err, err)
		return
	}
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("Compile(%q): errors.Is(err, ErrSyntax) = false", src)
	}
	if se.Pos != pos {
		t.Errorf("Compile(%q): SyntaxError.Pos = %d, want %d (%v)", src, se.Pos, pos, err)
	}
}

func TestRefIntegerLiterals(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"42", 42},
		{"0", 0},
		{"007", 7},
		{"9223372036854775807", math.MaxInt64},
	})
}

func TestRefWhitespaceIsIgnored(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{" \t1\n+\r2 ", 3},
		{"\n\n  (  4 )\t", 4},
		{"6*7", 42},
	})
}

func TestRefBinaryOperatorsAreLeftAssociative(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"10 - 3 - 2", 5},
		{"1 - 2 + 3", 2},
		{"100 - 50 - 25 - 12", 13},
		{"100 / 10 / 5", 2},
		{"2 * 3 % 4", 2},
		{"7 % 4 * 3", 9},
		{"60 / 2 * 3", 90},
	})
}

func TestRefMultiplicationBindsTighterThanAddition(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"2 + 3 * 4", 14},
		{"2 * 3 + 4", 10},
		{"(2 + 3) * 4", 20},
		{"20 - 6 / 2", 17},
		{"7 + 10 % 4", 9},
	})
}

func TestRefDivisionTruncatesTowardZero(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"7 / 2", 3},
		{"-7 / 2", -3},
		{"7 / -2", -3},
		{"-7 / -2", 3},
		{"1 / 3", 0},
	})
}

func TestRefRemainderTakesSignOfDividend(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"7 % 3", 1},
		{"-7 % 3", -1},
		{"7 % -3", 1},
		{"-7 % -3", -1},
		{"6 % 3", 0},
	})
}

func TestRefPowerIsRightAssociative(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"2 ^ 3 ^ 2", 512},
		{"2 ^ 10", 1024},
		{"(2 ^ 3) ^ 2", 64},
		{"2 * 3 ^ 2", 18},
	})
}

func TestRefUnaryMinusBindsLooserThanPower(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"-2 ^ 2", -4},
		{"(-2) ^ 2", 4},
		{"-3 ^ 3", -27},
		{"2 ^ -(-3)", 8},
	})
}

func TestRefStackedUnaryOperators(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"--3", 3},
		{"- - 3", 3},
		{"-+-3", 3},
		{"+5", 5},
		{"---4", -4},
		{"2 - -2", 4},
		{"2 * -3", -6},
	})
}

func TestRefPowerWithZeroExponent(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"0 ^ 0", 1},
		{"5 ^ 0", 1},
		{"(-5) ^ 0", 1},
		{"0 ^ 3", 0},
	})
}

func TestRefNegativeExponentIsAnError(t *testing.T) {
	refEvalErr(t, "2 ^ -1", nil, ErrNegativeExponent)
	refEvalErr(t, "10 ^ (1 - 3)", nil, ErrNegativeExponent)
	refEvalErr(t, "x ^ y", map[string]int64{"x": 3, "y": -2}, ErrNegativeExponent)
}

func TestRefPowerWithHugeExponentIsFast(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"1 ^ 9223372036854775807", 1},
		{"(-1) ^ 9223372036854775807", -1},
		{"(-1) ^ 9223372036854775806", 1},
		{"0 ^ 9223372036854775807", 0},
	})
	refEvalErr(t, "2 ^ 9223372036854775807", nil, ErrOverflow)
	refEvalErr(t, "(-3) ^ 9223372036854775807", nil, ErrOverflow)
}

func TestRefPowerLimitsOfInt64(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"2 ^ 62", 1 << 62},
		{"(-2) ^ 63", math.MinInt64},
		{"3 ^ 39", 4052555153018976267},
		{"(-3) ^ 39", -4052555153018976267},
	})
	refEvalErr(t, "2 ^ 63", nil, ErrOverflow)
	refEvalErr(t, "(-2) ^ 64", nil, ErrOverflow)
	refEvalErr(t, "3 ^ 40", nil, ErrOverflow)
}

func TestRefComparisonOperators(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"1 == 1", 1}, {"1 == 2", 0},
		{"1 != 2", 1}, {"2 != 2", 0},
		{"1 < 2", 1}, {"2 < 2", 0},
		{"2 <= 2", 1}, {"3 <= 2", 0},
		{"3 > 2", 1}, {"2 > 2", 0},
		{"2 >= 2", 1}, {"1 >= 2", 0},
		{"-1 < 0", 1},
	})
}

func TestRefComparisonHasLowestPrecedence(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"1 + 2 == 3", 1},
		{"2 * 3 > 5 + 1", 0},
		{"2 ^ 3 >= 8", 1},
		{"(1 < 2) + (3 < 4)", 2},
		{"-(2 > 1)", -1},
	})
}

func TestRefComparisonIsNotAssociative(t *testing.T) {
	refSyntaxPos(t, "1 < 2 < 3", 6)
	refSyntaxPos(t, "1 == 1 == 1", 7)
	refSyntaxPos(t, "(1 < 2 < 3)", 7)
	refCheckValues(t, nil, []refCase{
		{"(1 < 2) < 3", 1},
		{"1 == (2 == 2)", 1},
	})
}

func TestRefVariablesAreCaseSensitiveNames(t *testing.T) {
	vars := map[string]int64{"x": 6, "y": 7, "_tmp": -1, "Rate2": 10, "long_name_9": 1000}
	refCheckValues(t, vars, []refCase{
		{"x * y", 42},
		{"x * y + _tmp", 41},
		{"Rate2 * long_name_9", 10000},
		{"-x", -6},
	})
	refCheckValues(t, map[string]int64{"a": 1, "A": 2}, []refCase{{"a * 10 + A", 12}})
	refEvalErr(t, "b + 1", map[string]int64{"B": 1}, ErrUndefined)
}

func TestRefUndefinedVariable(t *testing.T) {
	err := refEvalErr(t, "1 + missing_var", map[string]int64{"x": 1}, ErrUndefined)
	if err != nil && !strings.Contains(err.Error(), "missing_var") {
		t.Errorf("error %q does not name the variable missing_var", err.Error())
	}
	refEvalErr(t, "x", nil, ErrUndefined)
	refEvalErr(t, "x", map[string]int64{}, ErrUndefined)
}

func TestRefBuiltinFunctions(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"abs(-5)", 5},
		{"abs(5)", 5},
		{"abs(0)", 0},
		{"min(3, 1, 2)", 1},
		{"max(3, 1, 2)", 3},
		{"min(7)", 7},
		{"max(-7)", -7},
		{"max(1, min(5, 2) * 3)", 6},
		{"min(2 < 3, 5)", 1},
		{"abs(2 - 10) ^ 2", 64},
		{"-abs(-2) ^ 2", -4},
	})
}

func TestRefFunctionCallAllowsWhitespaceBeforeParen(t *testing.T) {
	refCheckValues(t, nil, []refCase{
		{"abs (-3)", 3},
		{"max\t( 1 ,\n2 )", 2},
	})
}

func TestRefFunctionNamesCanBeVariables(t *testing.T) {
	vars := map[string]int64{"min": 1, "abs": -4}
	refCheckValues(t, vars, []refCase{
		{"min + min(2, 3)", 3},
		{"abs(abs)", 4},
	})
}

func TestRefUnknownFunction(t *testing.T) {
	err := refCompileErr(t, "1 + foo(1)", ErrUnknownFunction)
	if err != nil && !strings.Contains(err.Error(), "foo") {
		t.Errorf("error %q does not name the function foo", err.Error())
	}
	refCompileErr(t, "ABS(1)", ErrUnknownFunction)
	refCompileErr(t, "x(1)", ErrUnknownFunction)
}

func TestRefWrongArgumentCount(t *testing.T) {
	for _, src := range []string{"abs()", "abs(1, 2)", "min()", "max()", "1 + max() * 2"} {
		refCompileErr(t, src, ErrArity)
	}
}

func TestRefDivisionByZero(t *testing.T) {
	refEvalErr(t, "1 / 0", nil, ErrDivisionByZero)
	refEvalErr(t, "1 % 0", nil, ErrDivisionByZero)
	refEvalErr(t, "5 / (3 - 3)", nil, ErrDivisionByZero)
	refEvalErr(t, "0 / z", map[string]int64{"z": 0}, ErrDivisionByZero)
}

func TestRefOverflowInAdditionSubtractionMultiplication(t *testing.T) {
	refEvalErr(t, "9223372036854775807 + 1", nil, ErrOverflow)
	refEvalErr(t, "-9223372036854775807 - 2", nil, ErrOverflow)
	refEvalErr(t, "4611686018427387904 * 2", nil, ErrOverflow)
	refEvalErr(t, "3037000500 * 3037000500", nil, ErrOverflow)
	refEvalErr(t, "x - 1", map[string]int64{"x": math.MinInt64}, ErrOverflow)
	refEvalErr(t, "x * -1", map[string]int64{"x": math.MinInt64}, ErrOverflow)
	refCheckValues(t, nil, []refCase{
		{"-9223372036854775807 - 1", math.MinInt64},
		{"-4611686018427387904 * 2", math.MinInt64},
		{"9223372036854775807 + -9223372036854775807", 0},
		{"3037000499 * 3037000499", 9223372030926249001},
	})
}

func TestRefMinInt64EdgeCases(t *testing.T) {
	m := map[string]int64{"m": math.MinInt64}
	refEvalErr(t, "m / -1", m, ErrOverflow)
	refEvalErr(t, "-m", m, ErrOverflow)
	refEvalErr(t, "abs(m)", m, ErrOverflow)
	refCheckValues(t, m, []refCase{
		{"m % -1", 0},
		{"m / 1", math.MinInt64},
		{"m % 10", -8},
		{"min(m, 0)", math.MinInt64},
	})
}

func TestRefLiteralOutOfRange(t *testing.T) {
	for _, src := range []string{"9223372036854775808", "-9223372036854775808", "1 + 99999999999999999999"} {
		err := refCompileErr(t, src, ErrOverflow)
		if err != nil && errors.Is(err, ErrSyntax) {
			t.Errorf("Compile(%q): an out-of-range literal must not be a syntax error: %v", src, err)
		}
	}
}

func TestRefSyntaxErrorOnEmptyInput(t *testing.T) {
	refSyntaxPos(t, "", 0)
	refSyntaxPos(t, "   ", 3)
	refSyntaxPos(t, "\n\t", 2)
}

func TestRefSyntaxErrorAtUnexpectedEnd(t *testing.T) {
	refSyntaxPos(t, "1 +", 3)
	refSyntaxPos(t, "(1 + 2", 6)
	refSyntaxPos(t, "max(1, 2", 8)
	refSyntaxPos(t, "2 ^", 3)
	refSyntaxPos(t, "-", 1)
	refSyntaxPos(t, "abs(", 4)
}

func TestRefSyntaxErrorAtUnexpectedToken(t *testing.T) {
	refSyntaxPos(t, "1 2", 2)
	refSyntaxPos(t, "2 * * 3", 4)
	refSyntaxPos(t, "1 + 2)", 5)
	refSyntaxPos(t, "()", 1)
	refSyntaxPos(t, "max(1,)", 6)
	refSyntaxPos(t, "max(,1)", 4)
	refSyntaxPos(t, ")", 0)
	refSyntaxPos(t, "(1) (2)", 4)
	// There is no implicit multiplication.
	refSyntaxPos(t, "2x", 1)
	refSyntaxPos(t, "2 (3)", 2)
	refSyntaxPos(t, "x y", 2)
}

func TestRefSyntaxErrorAtInvalidCharacter(t *testing.T) {
	refSyntaxPos(t, "1 # 2", 2)
	refSyntaxPos(t, "1 = 2", 2)
	refSyntaxPos(t, "!3", 0)
	refSyntaxPos(t, "4 ! 3", 2)
	refSyntaxPos(t, "1 × 2", 2)
	refSyntaxPos(t, "x.y", 1)
	refSyntaxPos(t, "1 =< 2", 2)
}

func TestRefSyntaxErrorType(t *testing.T) {
	_, err := Compile("1 + + ")
	var se *SyntaxError
	if !errors.As(err, &se) {
		t.Fatalf("Compile(%q) error = %v (%T), want a *SyntaxError", "1 + + ", err, err)
	}
	if !errors.Is(err, ErrSyntax) {
		t.Errorf("errors.Is(err, ErrSyntax) = false for %v", err)
	}
	if se.Pos != 6 {
		t.Errorf("Pos = %d, want 6", se.Pos)
	}
	if !strings.HasPrefix(se.Error(), "syntax error at 6: ") {
		t.Errorf("Error() = %q, want it to start with %q", se.Error(), "syntax error at 6: ")
	}
	if se.Msg == "" {
		t.Errorf("Msg is empty")
	}
	if se.Error() != "syntax error at 6: "+se.Msg {
		t.Errorf("Error() = %q, want %q", se.Error(), "syntax error at 6: "+se.Msg)
	}
	for _, other := range []error{ErrUnknownFunction, ErrArity, ErrUndefined, ErrDivisionByZero, ErrNegativeExponent, ErrOverflow} {
		if errors.Is(err, other) {
			t.Errorf("syntax error also satisfies errors.Is(err, %v)", other)
		}
	}
}

func TestRefFirstProblemFromTheLeftIsReported(t *testing.T) {
	refSyntaxPos(t, "1 2 $", 2)
	refSyntaxPos(t, "1 + ) $", 4)
	refSyntaxPos(t, "abs(1, 2 +)", 10)
	refSyntaxPos(t, "(1 + 2 3) + foo(1)", 7)
	refCompileErr(t, "foo(1) + )", ErrUnknownFunction)
	refCompileErr(t, "foo(1 +)", ErrUnknownFunction)
	refCompileErr(t, "abs(1, 2) + )", ErrArity)
	refCompileErr(t, "99999999999999999999 )", ErrOverflow)
}

func TestRefEvaluationStopsAtFirstErrorLeftToRight(t *testing.T) {
	refEvalErr(t, "y + 1 / 0", nil, ErrUndefined)
	refEvalErr(t, "1 / 0 + y", nil, ErrDivisionByZero)
	refEvalErr(t, "min(1, 1 / 0)", nil, ErrDivisionByZero)
	refEvalErr(t, "max(2 ^ -1, y)", nil, ErrNegativeExponent)
	refEvalErr(t, "0 * (1 / 0)", nil, ErrDivisionByZero)
	refEvalErr(t, "(0 == 1) * (9223372036854775807 + 1)", nil, ErrOverflow)
}

func TestRefEvalErrorsAreNotSyntaxErrors(t *testing.T) {
	for _, src := range []string{"1 / 0", "y", "2 ^ -1", "9223372036854775807 + 1"} {
		_, err := Eval(src, nil)
		if err == nil {
			t.Errorf("Eval(%q) succeeded, want an error", src)
			continue
		}
		var se *SyntaxError
		if errors.Is(err, ErrSyntax) || errors.As(err, &se) {
			t.Errorf("Eval(%q) error %v must not be a syntax error", src, err)
		}
	}
}

func TestRefCompileOnceEvaluateMany(t *testing.T) {
	e, err := Compile("x * x - 2 * x + 1")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	for x := int64(-3); x <= 3; x++ {
		vars := map[string]int64{"x": x}
		got, err := e.Eval(vars)
		if err != nil {
			t.Fatalf("Eval(x=%d): %v", x, err)
		}
		if want := (x - 1) * (x - 1); got != want {
			t.Errorf("Eval(x=%d) = %d, want %d", x, got, want)
		}
		if len(vars) != 1 || vars["x"] != x {
			t.Errorf("Eval modified its vars map: %v", vars)
		}
	}
	if _, err := e.Eval(nil); !errors.Is(err, ErrUndefined) {
		t.Errorf("Eval(nil) error = %v, want ErrUndefined", err)
	}
	if got, err := e.Eval(map[string]int64{"x": 11}); err != nil || got != 100 {
		t.Errorf("Eval(x=11) after an error = %d, %v; want 100, nil", got, err)
	}
}

func TestRefVarsAreSortedAndUnique(t *testing.T) {
	e, err := Compile("b + a * b + min(c, a) - abs(_z) + B")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	got := e.Vars()
	want := []string{"B", "_z", "a", "b", "c"}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("Vars() = %q, want %q", got, want)
	}
	e, err = Compile("1 + max(2, 3)")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	if got := e.Vars(); len(got) != 0 {
		t.Errorf("Vars() = %q, want none", got)
	}
}

func TestRefVarsReturnsAFreshSlice(t *testing.T) {
	e, err := Compile("x + y")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	first := e.Vars()
	if len(first) != 2 {
		t.Fatalf("Vars() = %q, want [x y]", first)
	}
	first[0] = "changed"
	if second := e.Vars(); len(second) != 2 || second[0] != "x" || second[1] != "y" {
		t.Errorf("Vars() after modifying an earlier result = %q, want [x y]", second)
	}
}

func TestRefEvalEqualsCompileThenEval(t *testing.T) {
	vars := map[string]int64{"n": 5}
	e, err := Compile("max(n, 3) * 2 ^ n")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	a, errA := e.Eval(vars)
	b, errB := Eval("max(n, 3) * 2 ^ n", vars)
	if a != 160 || b != 160 || errA != nil || errB != nil {
		t.Errorf("Compile+Eval = %d, %v; Eval = %d, %v; want 160, nil", a, errA, b, errB)
	}
	if _, err := Eval("1 +", nil); !errors.Is(err, ErrSyntax) {
		t.Errorf("Eval(%q) error = %v, want ErrSyntax", "1 +", err)
	}
	if _, err := Eval("nope(1)", nil); !errors.Is(err, ErrUnknownFunction) {
		t.Errorf("Eval(%q) error = %v, want ErrUnknownFunction", "nope(1)", err)
	}
}

func TestRefConcurrentEvaluation(t *testing.T) {
	e, err := Compile("max(a, b) * 3 - min(a, b)")
	if err != nil {
		t.Fatalf("Compile: %v", err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := int64(0); g < 8; g++ {
		wg.Add(1)
		go func(g int64) {
			defer wg.Done()
			for i := int64(0); i < 200; i++ {
				a, b := g*1000+i, i-g
				want := a*3 - b
				if b > a {
					want = b*3 - a
				}
				got, err := e.Eval(map[string]int64{"a": a, "b": b})
				if err != nil || got != want {
					errs <- "wrong result under concurrency"
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for msg := range errs {
		t.Error(msg)
	}
}
