// Package solution implements intexpr, a small evaluator for integer
// arithmetic expressions with variables, comparisons and a few built-in
// functions. Every operation is checked: results outside int64 are reported
// as ErrOverflow instead of wrapping around.
package solution

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
)

// Sentinel errors. Every error returned by this package satisfies errors.Is
// with exactly one of them.
var (
	ErrSyntax           = errors.New("syntax error")
	ErrUnknownFunction  = errors.New("unknown function")
	ErrArity            = errors.New("wrong number of arguments")
	ErrUndefined        = errors.New("undefined variable")
	ErrDivisionByZero   = errors.New("division by zero")
	ErrNegativeExponent = errors.New("negative exponent")
	ErrOverflow         = errors.New("integer overflow")
)

// SyntaxError reports where the source stops being a valid expression.
// Pos is a byte offset into the source; it is len(source) when the source
// ends too early.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("syntax error at %d: %s", e.Pos, e.Msg)
}

// Unwrap makes errors.Is(err, ErrSyntax) true for every *SyntaxError.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// Expr is a compiled expression. It is immutable, so it may be evaluated
// any number of times, also from several goroutines at once.
type Expr struct {
	root node
	vars []string
}

// Compile parses src into an Expr.
func Compile(src string) (*Expr, error) {
	p := &parser{lex: lexer{src: src}, names: map[string]bool{}}
	p.advance()
	root, err := p.parseComparison()
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.unexpected()
	}
	vars := make([]string, 0, len(p.names))
	for name := range p.names {
		vars = append(vars, name)
	}
	sort.Strings(vars)
	return &Expr{root: root, vars: vars}, nil
}

// Eval evaluates the expression with the given variables; vars may be nil
// and is never modified.
func (e *Expr) Eval(vars map[string]int64) (int64, error) {
	return e.root.eval(vars)
}

// Vars returns the names of the variables the expression uses, sorted and
// without duplicates, in a new slice on every call.
func (e *Expr) Vars() []string {
	out := make([]string, len(e.vars))
	copy(out, e.vars)
	return out
}

// Eval compiles src and evaluates it once.
func Eval(src string, vars map[string]int64) (int64, error) {
	e, err := Compile(src)
	if err != nil {
		return 0, err
	}
	return e.Eval(vars)
}

// ---- lexer ----

type tokKind int

const (
	tokEOF tokKind = iota
	tokInvalid
	tokNumber
	tokIdent
	tokOp     // + - * / % ^ and the comparison operators
	tokLParen // (
	tokRParen // )
	tokComma  // ,
)

type token struct {
	kind tokKind
	text string
	pos  int
}

// lexer hands out one token at a time, so that a bad byte is only reported
// once the parser has reached it.
type lexer struct {
	src string
	pos int
}

func (l *lexer) next() token {
	for l.pos < len(l.src) && isSpace(l.src[l.pos]) {
		l.pos++
	}
	start := l.pos
	if start == len(l.src) {
		return token{kind: tokEOF, pos: start}
	}
	c := l.src[start]
	switch {
	case isDigit(c):
		for l.pos < len(l.src) && isDigit(l.src[l.pos]) {
			l.pos++
		}
		return token{kind: tokNumber, text: l.src[start:l.pos], pos: start}
	case isLetter(c):
		for l.pos < len(l.src) && (isLetter(l.src[l.pos]) || isDigit(l.src[l.pos])) {
			l.pos++
		}
		return token{kind: tokIdent, text: l.src[start:l.pos], pos: start}
	}
	l.pos++
	switch c {
	case '+', '-', '*', '/', '%', '^':
		return token{kind: tokOp, text: string(c), pos: start}
	case '(':
		return token{kind: tokLParen, text: "(", pos: start}
	case ')':
		return token{kind: tokRParen, text: ")", pos: start}
	case ',':
		return token{kind: tokComma, text: ",", pos: start}
	case '<', '>', '=', '!':
		if l.pos < len(l.src) && l.src[l.pos] == '=' {
			l.pos++
			return token{kind: tokOp, text: l.src[start:l.pos], pos: start}
		}
		if c == '<' || c == '>' {
			return token{kind: tokOp, text: string(c), pos: start}
		}
	}
	return token{kind: tokInvalid, text: l.src[start:l.pos], pos: start}
}

func isSpace(c byte) bool  { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// ---- parser ----

type parser struct {
	lex   lexer
	tok   token
	names map[string]bool
}

func (p *parser) advance() { p.tok = p.lex.next() }

func (p *parser) unexpected() error {
	switch p.tok.kind {
	case tokEOF:
		return &SyntaxError{Pos: p.tok.pos, Msg: "unexpected end of input"}
	case tokInvalid:
		return &SyntaxError{Pos: p.tok.pos, Msg: fmt.Sprintf("invalid character %q", p.tok.text)}
	}
	return &SyntaxError{Pos: p.tok.pos, Msg: fmt.Sprintf("unexpected %q", p.tok.text)}
}

func (p *parser) isOp(ops ...string) bool {
	if p.tok.kind != tokOp {
		return false
	}
	for _, op := range ops {
		if p.tok.text == op {
			return true
		}
	}
	return false
}

// comparison = sum [ cmpop sum ]   (not associative)
func (p *parser) parseComparison() (node, error) {
	left, err := p.parseSum()
	if err != nil || !p.isOp("==", "!=", "<", "<=", ">", ">=") {
		return left, err
	}
	op := p.tok.text
	p.advance()
	right, err := p.parseSum()
	if err != nil {
		return nil, err
	}
	return &binary{op: op, left: left, right: right}, nil
}

// sum = term { ("+" | "-") term }
func (p *parser) parseSum() (node, error) {
	left, err := p.parseTerm()
	for err == nil && p.isOp("+", "-") {
		op := p.tok.text
		p.advance()
		var right node
		if right, err = p.parseTerm(); err == nil {
			left = &binary{op: op, left: left, right: right}
		}
	}
	return left, err
}

// term = unary { ("*" | "/" | "%") unary }
func (p *parser) parseTerm() (node, error) {
	left, err := p.parseUnary()
	for err == nil && p.isOp("*", "/", "%") {
		op := p.tok.text
		p.advance()
		var right node
		if right, err = p.parseUnary(); err == nil {
			left = &binary{op: op, left: left, right: right}
		}
	}
	return left, err
}

// unary = ("+" | "-") unary | power
func (p *parser) parseUnary() (node, error) {
	if p.isOp("+", "-") {
		op := p.tok.text
		p.advance()
		operand, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		if op == "+" {
			return operand, nil
		}
		return &negate{operand: operand}, nil
	}
	return p.parsePower()
}

// power = primary [ "^" unary ]   (right associative through unary)
func (p *parser) parsePower() (node, error) {
	base, err := p.parsePrimary()
	if err != nil || !p.isOp("^") {
		return base, err
	}
	p.advance()
	exp, err := p.parseUnary()
	if err != nil {
		return nil, err
	}
	return &binary{op: "^", left: base, right: exp}, nil
}

// primary = number | name | name "(" args ")" | "(" comparison ")"
func (p *parser) parsePrimary() (node, error) {
	tok := p.tok
	switch tok.kind {
	case tokNumber:
		v, err := strconv.ParseInt(tok.text, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%w: literal %s at %d does not fit in int64", ErrOverflow, tok.text, tok.pos)
		}
		p.advance()
		return literal(v), nil
	case tokIdent:
		p.advance()
		if p.tok.kind == tokLParen {
			return p.parseCall(tok)
		}
		p.names[tok.text] = true
		return variable(tok.text), nil
	case tokLParen:
		p.advance()
		inner, err := p.parseComparison()
		if err != nil {
			return nil, err
		}
		if p.tok.kind != tokRParen {
			return nil, p.unexpected()
		}
		p.advance()
		return inner, nil
	}
	return nil, p.unexpected()
}

// parseCall is entered with p.tok on the "(" that follows the name.
func (p *parser) parseCall(name token) (node, error) {
	fn, ok := builtins[name.text]
	if !ok {
		return nil, fmt.Errorf("%w %q at %d", ErrUnknownFunction, name.text, name.pos)
	}
	p.advance()
	var args []node
	if p.tok.kind != tokRParen {
		for {
			arg, err := p.parseComparison()
			if err != nil {
				return nil, err
			}
			args = append(args, arg)
			if p.tok.kind != tokComma {
				break
			}
			p.advance()
		}
		if p.tok.kind != tokRParen {
			return nil, p.unexpected()
		}
	}
	p.advance()
	if len(args) < fn.minArgs || fn.maxArgs >= 0 && len(args) > fn.maxArgs {
		return nil, fmt.Errorf("%w: %s called with %d", ErrArity, name.text, len(args))
	}
	return &call{fn: fn, args: args}, nil
}

// ---- evaluation ----

type node interface {
	eval(vars map[string]int64) (int64, error)
}

type literal int64

func (n literal) eval(map[string]int64) (int64, error) { return int64(n), nil }

type variable string

func (n variable) eval(vars map[string]int64) (int64, error) {
	v, ok := vars[string(n)]
	if !ok {
		return 0, fmt.Errorf("%w %q", ErrUndefined, string(n))
	}
	return v, nil
}

type negate struct{ operand node }

func (n *negate) eval(vars map[string]int64) (int64, error) {
	v, err := n.operand.eval(vars)
	if err != nil {
		return 0, err
	}
	if v == math.MinInt64 {
		return 0, fmt.Errorf("%w: -(%d)", ErrOverflow, v)
	}
	return -v, nil
}

type binary struct {
	op          string
	left, right node
}

func (n *binary) eval(vars map[string]int64) (int64, error) {
	a, err := n.left.eval(vars)
	if err != nil {
		return 0, err
	}
	b, err := n.right.eval(vars)
	if err != nil {
		return 0, err
	}
	switch n.op {
	case "+":
		return add(a, b)
	case "-":
		return sub(a, b)
	case "*":
		return mul(a, b)
	case "/", "%":
		return divide(n.op, a, b)
	case "^":
		return pow(a, b)
	}
	return compare(n.op, a, b), nil
}

func overflow(a int64, op string, b int64) error {
	return fmt.Errorf("%w: %d %s %d", ErrOverflow, a, op, b)
}

func add(a, b int64) (int64, error) {
	s := a + b
	if (b > 0 && s < a) || (b < 0 && s > a) {
		return 0, overflow(a, "+", b)
	}
	return s, nil
}

func sub(a, b int64) (int64, error) {
	d := a - b
	if (b > 0 && d > a) || (b < 0 && d < a) {
		return 0, overflow(a, "-", b)
	}
	return d, nil
}

func mul(a, b int64) (int64, error) {
	if a == 0 || b == 0 {
		return 0, nil
	}
	p := a * b
	if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
		return 0, overflow(a, "*", b)
	}
	return p, nil
}

func divide(op string, a, b int64) (int64, error) {
	if b == 0 {
		return 0, fmt.Errorf("%w: %d %s 0", ErrDivisionByZero, a, op)
	}
	if b == -1 {
		// MinInt64 / -1 does not fit; MinInt64 % -1 is 0.
		if op == "%" {
			return 0, nil
		}
		if a == math.MinInt64 {
			return 0, overflow(a, "/", b)
		}
	}
	if op == "/" {
		return a / b, nil
	}
	return a % b, nil
}

// pow computes base^exp exactly. Bases 0, 1 and -1 are answered directly;
// for any other base the result grows at least twofold per factor, so the
// loop overflows after at most 63 multiplications.
func pow(base, exp int64) (int64, error) {
	if exp < 0 {
		return 0, fmt.Errorf("%w: %d ^ %d", ErrNegativeExponent, base, exp)
	}
	switch {
	case exp == 0 || base == 1:
		return 1, nil
	case base == 0:
		return 0, nil
	case base == -1:
		if exp%2 == 0 {
			return 1, nil
		}
		return -1, nil
	}
	result := int64(1)
	for i := int64(0); i < exp; i++ {
		var err error
		if result, err = mul(result, base); err != nil {
			return 0, overflow(base, "^", exp)
		}
	}
	return result, nil
}

func compare(op string, a, b int64) int64 {
	var ok bool
	switch op {
	case "==":
		ok = a == b
	case "!=":
		ok = a != b
	case "<":
		ok = a < b
	case "<=":
		ok = a <= b
	case ">":
		ok = a > b
	default: // ">="
		ok = a >= b
	}
	if ok {
		return 1
	}
	return 0
}

type builtin struct {
	minArgs, maxArgs int // maxArgs < 0: no upper limit
	apply            func(args []int64) (int64, error)
}

var builtins = map[string]*builtin{
	"abs": {1, 1, func(args []int64) (int64, error) {
		if args[0] == math.MinInt64 {
			return 0, fmt.Errorf("%w: abs(%d)", ErrOverflow, args[0])
		}
		if args[0] < 0 {
			return -args[0], nil
		}
		return args[0], nil
	}},
	"min": {1, -1, func(args []int64) (int64, error) {
		m := args[0]
		for _, v := range args[1:] {
			if v < m {
				m = v
			}
		}
		return m, nil
	}},
	"max": {1, -1, func(args []int64) (int64, error) {
		m := args[0]
		for _, v := range args[1:] {
			if v > m {
				m = v
			}
		}
		return m, nil
	}},
}

type call struct {
	fn   *builtin
	args []node
}

func (n *call) eval(vars map[string]int64) (int64, error) {
	values := make([]int64, len(n.args))
	for i, arg := range n.args {
		v, err := arg.eval(vars)
		if err != nil {
			return 0, err
		}
		values[i] = v
	}
	return n.fn.apply(values)
}
