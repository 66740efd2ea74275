package solution

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestEvalValues(t *testing.T) {
	vars := map[string]int64{"x": 6, "y": 7, "m": math.MinInt64, "min": 1}
	tests := []struct {
		src  string
		want int64
	}{
		{"42", 42},
		{" \t1\n+\r2 ", 3},
		{"10 - 3 - 2", 5},
		{"2 + 3 * 4", 14},
		{"(2 + 3) * 4", 20},
		{"-7 / 2", -3},
		{"-7 % 3", -1},
		{"2 ^ 3 ^ 2", 512},
		{"-2 ^ 2", -4},
		{"--3", 3},
		{"+5", 5},
		{"0 ^ 0", 1},
		{"1 ^ 9223372036854775807", 1},
		{"(-1) ^ 9223372036854775807", -1},
		{"(-1) ^ 4", 1},
		{"0 ^ 5", 0},
		{"(-2) ^ 63", math.MinInt64},
		{"1 == 1", 1},
		{"1 != 1", 0},
		{"1 < 2", 1},
		{"2 <= 1", 0},
		{"2 > 1", 1},
		{"1 >= 2", 0},
		{"1 + 2 == 3", 1},
		{"x * y", 42},
		{"abs(-5) + abs(5)", 10},
		{"min(3, 1, 2)", 1},
		{"max(3, 1, 2)", 3},
		{"min + min(2, 3)", 3},
		{"abs (0 - 3)", 3},
		{"m % -1", 0},
		{"m / 2", math.MinInt64 / 2},
		{"-9223372036854775807 - 1", math.MinInt64},
		{"9223372036854775807 + -1", math.MaxInt64 - 1},
		{"-4611686018427387904 * 2", math.MinInt64},
		{"0 * m", 0},
	}
	for _, tt := range tests {
		got, err := Eval(tt.src, vars)
		if err != nil || got != tt.want {
			t.Errorf("Eval(%q) = %d, %v; want %d", tt.src, got, err, tt.want)
		}
	}
}

func TestEvalErrors(t *testing.T) {
	vars := map[string]int64{"m": math.MinInt64}
	tests := []struct {
		src  string
		want error
	}{
		{"1 / 0", ErrDivisionByZero},
		{"1 % 0", ErrDivisionByZero},
		{"2 ^ -1", ErrNegativeExponent},
		{"9223372036854775807 + 1", ErrOverflow},
		{"m - 1", ErrOverflow},
		{"m * -1", ErrOverflow},
		{"-1 * m", ErrOverflow},
		{"3037000500 * 3037000500", ErrOverflow},
		{"m / -1", ErrOverflow},
		{"-m", ErrOverflow},
		{"abs(m)", ErrOverflow},
		{"2 ^ 63", ErrOverflow},
		{"2 ^ 9223372036854775807", ErrOverflow},
		{"undefined", ErrUndefined},
		{"y + 1 / 0", ErrUndefined},
		{"1 / 0 + y", ErrDivisionByZero},
		{"min(1, 1 / 0)", ErrDivisionByZero},
		{"(1 / 0) * 2", ErrDivisionByZero},
		{"-(1 / 0)", ErrDivisionByZero},
		{"2 ^ (1 / 0)", ErrDivisionByZero},
	}
	for _, tt := range tests {
		got, err := Eval(tt.src, vars)
		if !errors.Is(err, tt.want) {
			t.Errorf("Eval(%q) = %d, %v; want %v", tt.src, got, err, tt.want)
		}
		if errors.Is(err, ErrSyntax) {
			t.Errorf("Eval(%q): evaluation error %v is a syntax error", tt.src, err)
		}
	}
	if _, err := Eval("who", nil); err == nil || !strings.Contains(err.Error(), "who") {
		t.Errorf("undefined variable error %v does not name the variable", err)
	}
}

func TestCompileErrors(t *testing.T) {
	tests := []struct {
		src  string
		want error
	}{
		{"foo(1)", ErrUnknownFunction},
		{"ABS(1)", ErrUnknownFunction},
		{"abs()", ErrArity},
		{"abs(1, 2)", ErrArity},
		{"min()", ErrArity},
		{"9223372036854775808", ErrOverflow},
		{"foo(1 +)", ErrUnknownFunction},
	}
	for _, tt := range tests {
		if _, err := Compile(tt.src); !errors.Is(err, tt.want) {
			t.Errorf("Compile(%q) error = %v, want %v", tt.src, err, tt.want)
		}
	}
}

func TestSyntaxErrorPositions(t *testing.T) {
	tests := []struct {
		src string
		pos int
	}{
		{"", 0},
		{"   ", 3},
		{"1 +", 3},
		{"(1 + 2", 6},
		{"1 + 2)", 5},
		{"1 2", 2},
		{"2x", 1},
		{"()", 1},
		{"max(1,)", 6},
		{"max(1 2)", 6},
		{"1 # 2", 2},
		{"1 = 2", 2},
		{"!1", 0},
		{"1 < 2 < 3", 6},
		{"1 2 $", 2},
		{"2 ^", 3},
	}
	for _, tt := range tests {
		_, err := Compile(tt.src)
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Compile(%q) error = %v, want a *SyntaxError", tt.src, err)
			continue
		}
		if se.Pos != tt.pos {
			t.Errorf("Compile(%q) Pos = %d, want %d", tt.src, se.Pos, tt.pos)
		}
		if want := "syntax error at "; !strings.HasPrefix(se.Error(), want) {
			t.Errorf("Error() = %q, want prefix %q", se.Error(), want)
		}
	}
}

func TestExprReuseAndVars(t *testing.T) {
	e, err := Compile("b * b + a + abs(b) + min(c, a)")
	if err != nil {
		t.Fatal(err)
	}
	vars := e.Vars()
	if strings.Join(vars, ",") != "a,b,c" {
		t.Fatalf("Vars() = %v, want [a b c]", vars)
	}
	vars[0] = "zzz"
	if e.Vars()[0] != "a" {
		t.Errorf("Vars() shares its slice with the caller")
	}
	for i := int64(0); i < 3; i++ {
		in := map[string]int64{"a": i, "b": 2, "c": 10}
		got, err := e.Eval(in)
		if want := 4 + i + 2 + i; err != nil || got != want {
			t.Errorf("Eval(a=%d) = %d, %v; want %d", i, got, err, want)
		}
		if len(in) != 3 {
			t.Errorf("Eval modified vars: %v", in)
		}
	}
}
