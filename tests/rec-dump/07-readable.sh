# -r shows float32 vectors as numbers and cuts long strings.
. "$TESTS/lib/lib.sh"
# 0.5 and -2 as little-endian float32: 0000003f 000000c0
printf '{"v":{"$bin":"AAAAPwAAAMA="},"s":"%0300d","f":{"$float32":0.1}}\n' 0 | pack > v.mp
expect_exit 0 dump -r -w 20 v.mp
expect_grep out '"v":\[0.5,-2.0\]'
expect_grep out '"s":"0{20}\.\.\.\(\+280 bytes\)"'
expect_grep out '"f":0.100000001'
expect_exit 2 rec-dump --pack -r v.mp
