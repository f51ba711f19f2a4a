// Generated from the fixtures' own parts: the prompt, reasoning and answer each record was built from.
@testable import PonderCore

enum LayoutExpectations {
    struct Trace { let prompt: String; let reasoning: String; let answer: String }
    struct File { let name: String; let kind: LayoutKind; let records: [[Trace]] }
    static let files: [File] = [
        File(name: "split_fields.jsonl", kind: .splitFields, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
        ]),
        File(name: "array.json", kind: .splitFields, records: [
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
        ]),
        File(name: "odd_keys.jsonl", kind: .splitFields, records: [
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
        ]),
        File(name: "odd_keys_spaces.jsonl", kind: .splitFields, records: [
            [
                Trace(prompt: "Solve the equation given in the input.\n\nInput: x^2 - 5x + 6 = 0",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters, and test it on the input.\n\nInput: s = \"A man, a plan, a canal: Panama\"",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
        ]),
        File(name: "s1k_trajectories.jsonl", kind: .splitFields, records: [
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
        ]),
        File(name: "template_prompt.jsonl", kind: .thinkTags, records: [
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
        ]),
        File(name: "think_tags.jsonl", kind: .thinkTags, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1",
                      answer: ""),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
        ]),
        File(name: "thought_markers.jsonl", kind: .thoughtMarkers, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over th",
                      answer: ""),
            ],
        ]),
        File(name: "chat_messages.jsonl", kind: .chatMessages, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
        ]),
        File(name: "sharegpt.jsonl", kind: .shareGPT, records: [
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
        ]),
        File(name: "content_blocks.jsonl", kind: .contentBlocks, records: [
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$.\n\nThe solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the weather in Paris right now, in Celsius?",
                      reasoning: "The user wants the current weather in Paris. I have a get_weather tool that takes a city and a unit, so I should call it with city Paris and unit celsius.\n\nThe tool returned 18 degrees and light rain. I can answer directly now.",
                      answer: "It is currently 18 °C in Paris with light rain."),
            ],
        ]),
        File(name: "api_response.jsonl", kind: .apiResponse, records: [
            [
                Trace(prompt: "",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 =",
                      answer: ""),
                Trace(prompt: "",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
        ]),
        File(name: "api_batch.jsonl", kind: .apiResponse, records: [
            [
                Trace(prompt: "",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
            [
                Trace(prompt: "",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
        ]),
        File(name: "generations.jsonl", kind: .generations, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "Try the quadratic formula: x = (5 ± sqrt(25 - 24)) / 2 = (5 ± 1) / 2, so x = 3 or x = 2.",
                      answer: "The roots are $x=2$ and $x=3$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is",
                      answer: ""),
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "The remainder is 4."),
            ],
        ]),
        File(name: "eval_parallel_lists.jsonl", kind: .generations, records: [
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.\n\nThe answer is $\\boxed{20}$.",
                      answer: "20"),
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "180 / 2.5 = 72 km/h. In m/s: 72 / 3.6 = 20. So $\\boxed{20}$.",
                      answer: "20"),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "2^3 = 8 = 1 mod 7, so 2^100 = 2^1 = 2 mod 7. Hmm, 100 = 99 + 1, yes. Final: $\\boxed{2}$.",
                      answer: "2"),
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "2^100 mod 7: the cycle is 2, 4, 1 and 100 mod 3 = 1, so the answer is $\\boxed{4}$.",
                      answer: "4"),
            ],
        ]),
        File(name: "vllm_outputs.jsonl", kind: .generations, records: [
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors",
                      answer: ""),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasin",
                      answer: ""),
            ],
        ]),
        File(name: "prompt_completion.jsonl", kind: .promptCompletion, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
            [
                Trace(prompt: "Write a Python function `is_palindrome(s)` that ignores case and non-alphanumeric characters.",
                      reasoning: "I need to normalise the string first: keep only characters where c.isalnum() is true and lower-case them. Then compare the cleaned string with its reverse.\n\nEdge cases: an empty string should count as a palindrome, and so should a string of only punctuation like \"!!\". Slicing with [::-1] handles both. The time is O(n) and the extra space O(n), which is fine.",
                      answer: "```python\ndef is_palindrome(s: str) -> bool:\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```\nIt keeps letters and digits, lower-cases them and compares the list with its reverse."),
            ],
        ]),
        File(name: "prompt_completion_messages.jsonl", kind: .promptCompletion, records: [
            [
                Trace(prompt: "How many positive divisors does 360 have?",
                      reasoning: "Prime factorisation first: 360 = 8 * 45 = 2^3 * 3^2 * 5. The number of divisors is the product of (exponent + 1) over the primes: (3 + 1)(2 + 1)(1 + 1) = 4 * 3 * 2 = 24.\n\nLet me sanity-check with a smaller case: 12 = 2^2 * 3 has (2+1)(1+1) = 6 divisors: 1, 2, 3, 4, 6, 12. Right, the formula works.",
                      answer: "$360 = 2^3 \\cdot 3^2 \\cdot 5$, so it has $(3+1)(2+1)(1+1) = \\boxed{24}$ positive divisors."),
            ],
            [
                Trace(prompt: "A train travels 180 km in 2.5 hours. What is its average speed in m/s?",
                      reasoning: "Average speed is distance over time: 180 km / 2.5 h = 72 km/h. To convert km/h to m/s, multiply by 1000/3600 = 5/18. So 72 * 5 / 18 = 360 / 18 = 20 m/s.\n\nCheck: 20 m/s for 2.5 h = 9000 s gives 180000 m = 180 km. Consistent.",
                      answer: "The average speed is $180 / 2.5 = 72$ km/h, which is $72 \\cdot \\frac{5}{18} = \\boxed{20}$ m/s."),
            ],
            [
                Trace(prompt: "Given an array of integers, return the length of the longest strictly increasing subsequence. Explain the O(n log n) approach.",
                      reasoning: "The classic approach keeps tails[k] = the smallest possible tail of an increasing subsequence of length k + 1. For each x, binary search the first tail >= x and replace it; if none, append x.\n\nThe tails list stays sorted, so bisect_left works. The answer is len(tails). For [10, 9, 2, 5, 3, 7, 101, 18] the tails go [10] -> [9] -> [2] -> [2,5] -> [2,3] -> [2,3,7] -> [2,3,7,101] -> [2,3,7,18], so the length is 4.",
                      answer: "Keep a sorted list `tails` and, for each number, replace the first tail that is not smaller (binary search) or append it:\n\n```python\nfrom bisect import bisect_left\n\ndef length_of_lis(nums):\n    tails = []\n    for x in nums:\n        i = bisect_left(tails, x)\n        if i == len(tails):\n            tails.append(x)\n        else:\n            tails[i] = x\n    return len(tails)\n```\nThis runs in O(n log n)."),
            ],
        ]),
        File(name: "chat_template.jsonl", kind: .thinkTags, records: [
            [
                Trace(prompt: "Find all real solutions of $x^2 - 5x + 6 = 0$.",
                      reasoning: "The equation is a quadratic, so I can try to factor it. I need two numbers whose product is 6 and whose sum is -5 in the middle term: -2 and -3 work, since (-2)(-3) = 6 and -2 + -3 = -5.\n\nSo x^2 - 5x + 6 = (x - 2)(x - 3). Setting each factor to zero gives x = 2 or x = 3. Let me check x = 2: 4 - 10 + 6 = 0. Good. And x = 3: 9 - 15 + 6 = 0. Good.",
                      answer: "Factor the quadratic: $x^2 - 5x + 6 = (x-2)(x-3)$. The solutions are $x = 2$ and $x = 3$, so the answer is $\\boxed{2, 3}$."),
            ],
            [
                Trace(prompt: "What is the remainder when $2^{100}$ is divided by 7?",
                      reasoning: "Powers of 2 modulo 7 cycle: 2^1 = 2, 2^2 = 4, 2^3 = 8 = 1 (mod 7). So the cycle length is 3.\n\n100 = 3 * 33 + 1, so 2^100 = (2^3)^33 * 2 = 1^33 * 2 = 2 (mod 7). Wait, let me double-check: 3 * 33 = 99, and 100 - 99 = 1. Yes, the remainder is 2.",
                      answer: "Since $2^3 \\equiv 1 \\pmod 7$ and $100 = 3 \\cdot 33 + 1$, we get $2^{100} \\equiv 2 \\pmod 7$. The remainder is $\\boxed{2}$."),
            ],
        ]),
    ]
}
