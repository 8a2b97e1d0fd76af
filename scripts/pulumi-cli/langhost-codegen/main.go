// Command langhost-codegen is this repository's stand-in for the SDK generation of Pulumi's Python and Go
// language hosts, built twice by scripts/install-pulumi-cli.sh: as pulumi-language-python
// (-X main.language=python) and as pulumi-language-go (-X main.language=go).
//
// Why it exists: `pulumi package gen-sdk --language L` does not generate code itself; it starts
// pulumi-language-L and calls its GeneratePackage. Pulumi publishes those hosts as the Go modules
// github.com/pulumi/pulumi/sdk/python/cmd/pulumi-language-python/v3 and
// github.com/pulumi/pulumi/sdk/go/pulumi-language-go/v3, which the Go module proxy reachable from the
// project's machines refuses (403 "This module version is not available"), as it refuses the Node.js host
// (docs/decisions/0009-pulumi-cli-from-go-modules.md). The code generators themselves are in pkg/v3, which
// the proxy serves: github.com/pulumi/pulumi/pkg/v3/codegen/python and codegen/go at v3.248.0.
//
// What it does: GeneratePackage binds the schema the CLI sends (with the CLI's schema loader for referenced
// packages) and writes the files of codegen/python.GeneratePackage or codegen/go.GeneratePackage into the
// requested directory, which is what Pulumi's own hosts do with the same functions. Nothing else: it
// cannot run programs (`pulumi up` of a Python or Go program needs the real host).
// See docs/decisions/0030-sdk-generation-stand-in-hosts.md.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"

	gogen "github.com/pulumi/pulumi/pkg/v3/codegen/go"
	pygen "github.com/pulumi/pulumi/pkg/v3/codegen/python"
	"github.com/pulumi/pulumi/pkg/v3/codegen/schema"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource/plugin"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// language and version are stamped at build time (-X main.language=python -X main.version=3.248.0).
var (
	language = ""
	version  = "3.248.0"
)

func main() {
	if language != "python" && language != "go" {
		fmt.Fprintf(os.Stderr, "langhost-codegen: built without -X main.language=python|go (got %q)\n", language)
		os.Exit(1)
	}
	lis, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: listen: %v\n", language, err)
		os.Exit(1)
	}
	srv := grpc.NewServer(grpc.MaxRecvMsgSize(400 * 1024 * 1024))
	pulumirpc.RegisterLanguageRuntimeServer(srv, &host{})
	// The engine reads the port from the first line of our stdout.
	fmt.Printf("%d\n", lis.Addr().(*net.TCPAddr).Port)
	if err := srv.Serve(lis); err != nil && !errors.Is(err, grpc.ErrServerStopped) {
		fmt.Fprintf(os.Stderr, "pulumi-language-%s: serve: %v\n", language, err)
		os.Exit(1)
	}
}

type host struct {
	pulumirpc.UnimplementedLanguageRuntimeServer
}

func (h *host) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	return &pulumirpc.PluginInfo{Version: version}, nil
}

func (h *host) Run(context.Context, *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	return nil, status.Errorf(codes.Unimplemented,
		"this pulumi-language-%s is the repository's stand-in for SDK generation only: it cannot run programs", language)
}

func (h *host) GeneratePackage(
	ctx context.Context, req *pulumirpc.GeneratePackageRequest,
) (*pulumirpc.GeneratePackageResponse, error) {
	loader, err := schema.NewLoaderClient(req.LoaderTarget)
	if err != nil {
		return nil, err
	}
	defer loader.Close()

	var spec schema.PackageSpec
	if err := json.Unmarshal([]byte(req.Schema), &spec); err != nil {
		return nil, fmt.Errorf("reading the schema: %w", err)
	}
	pkg, diags, err := schema.BindSpec(spec, loader, schema.ValidationOptions{AllowDanglingReferences: true})
	if err != nil {
		return nil, err
	}
	response := &pulumirpc.GeneratePackageResponse{Diagnostics: plugin.HclDiagnosticsToRPCDiagnostics(diags)}
	if diags.HasErrors() {
		return response, nil
	}

	var files map[string][]byte
	switch language {
	case "python":
		files, err = pygen.GeneratePackage("pulumi-language-python", pkg, req.ExtraFiles, loader)
	case "go":
		files, err = gogen.GeneratePackage("pulumi-language-go", pkg, req.LocalDependencies)
	}
	if err != nil {
		return nil, err
	}
	for name, data := range files {
		target := filepath.Join(req.Directory, name)
		if !strings.HasPrefix(target, filepath.Clean(req.Directory)+string(filepath.Separator)) {
			return nil, fmt.Errorf("generated file %q is outside %s", name, req.Directory)
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(target, data, 0o644); err != nil {
			return nil, err
		}
	}
	return response, nil
}
