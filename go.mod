module github.com/ixc-leveduca/ixc-leveduca

go 1.26
