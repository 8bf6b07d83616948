#!/usr/bin/env python3
"""Writes a large, realistic `terraform show -json` plan for benchmarking ecsnet.

At --scale 1 (the default): 2,000 ECS services and their task definitions, spread over
nested modules called with for_each and count (module.region["..."].module.team[N]
.module.svc["..."]), among 100,000 unrelated resources, about 100 MB. Every resource has a
`planned_values` entry, a `resource_changes` entry (before/after/after_unknown/
after_sensitive) and its block in `configuration`, like Terraform writes them. Services
alternate between an update whose task definition ARN is known (linked by value) and a
create whose task definition is unknown (linked through `configuration` references).

--scale N multiplies every count by N (growth measurements). Output is deterministic.

Usage: bench/gen_plan.py OUT.json [--scale N]
"""

import json
import sys

REGIONS = ["us-east-1", "eu-west-1"]
TEAMS_PER_REGION = 10
SERVICES_PER_TEAM = 100  # 2 x 10 x 100 = 2,000 services at scale 1
UNRELATED = 100_000
ACCOUNT = "123456789012"
PROVIDER = "registry.terraform.io/hashicorp/aws"


def dumps(v):
    return json.dumps(v, separators=(",", ":"))


def container_definitions(name, port, bridge):
    return dumps(
        [
            {
                "name": name,
                "image": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/{name}:1.2.3",
                "essential": True,
                "cpu": 256,
                "memory": 512,
                "portMappings": [
                    {
                        "containerPort": port,
                        "hostPort": 0 if bridge else port,
                        "protocol": "tcp",
                    }
                ],
                "environment": [
                    {"name": "SERVICE", "value": name},
                    {"name": "PORT", "value": str(port)},
                ],
                "logConfiguration": {
                    "logDriver": "awslogs",
                    "options": {
                        "awslogs-group": f"/ecs/{name}",
                        "awslogs-region": "us-east-1",
                        "awslogs-stream-prefix": "ecs",
                    },
                },
            },
            {
                "name": "envoy",
                "image": "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod",
                "essential": True,
                "memory": 128,
                "portMappings": [{"containerPort": 9901, "protocol": "tcp"}],
            },
        ]
    )


def service_values(name, module_addr, td_arn, bridge, subnets, tg_arn):
    v = {
        "alarms": [],
        "availability_zone_rebalancing": "DISABLED",
        "capacity_provider_strategy": [],
        "cluster": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/main",
        "deployment_circuit_breaker": [{"enable": True, "rollback": True}],
        "deployment_controller": [],
        "deployment_maximum_percent": 200,
        "deployment_minimum_healthy_percent": 100,
        "desired_count": 3,
        "enable_ecs_managed_tags": False,
        "enable_execute_command": False,
        "health_check_grace_period_seconds": 30,
        "launch_type": "EC2" if bridge else "FARGATE",
        "load_balancer": [
            {
                "container_name": name,
                "container_port": 8080,
                "elb_name": "",
                "target_group_arn": tg_arn,
            }
        ],
        "name": name,
        "network_configuration": []
        if bridge
        else [
            {
                "assign_public_ip": False,
                "security_groups": ["sg-0123456789abcdef0"],
                "subnets": subnets,
            }
        ],
        "ordered_placement_strategy": [],
        "placement_constraints": [],
        "propagate_tags": "SERVICE",
        "scheduling_strategy": "REPLICA",
        "service_registries": [],
        "tags": {"team": module_addr, "service": name},
        "wait_for_steady_state": False,
    }
    if td_arn is not None:
        v["task_definition"] = td_arn
    return v


def td_values(name, family, port, bridge, revision):
    return {
        "arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/{family}:{revision}",
        "arn_without_revision": f"arn:aws:ecs:us-east-1:{ACCOUNT}:task-definition/{family}",
        "container_definitions": container_definitions(name, port, bridge),
        "cpu": "512",
        "execution_role_arn": f"arn:aws:iam::{ACCOUNT}:role/ecs-exec",
        "family": family,
        "memory": "1024",
        "network_mode": "bridge" if bridge else "awsvpc",
        "requires_compatibilities": ["EC2"] if bridge else ["FARGATE"],
        "revision": revision,
        "tags": {"family": family},
    }


def tg_values(name, bridge):
    return {
        "arn": f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/{name[:20]}/0123456789abcdef",
        "id": f"arn:aws:elasticloadbalancing:us-east-1:{ACCOUNT}:targetgroup/{name[:20]}/0123456789abcdef",
        "name": name[:32],
        "port": 8080,
        "protocol": "HTTP",
        "target_type": "instance" if bridge else "ip",
        "vpc_id": "vpc-0123456789abcdef0",
        "health_check": [{"path": "/health", "matcher": "200", "interval": 30}],
    }


def subnet_values(sid, i):
    return {
        "id": sid,
        "arn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:subnet/{sid}",
        "cidr_block": f"10.{i // 250}.{i % 250}.0/24",
        "vpc_id": "vpc-0123456789abcdef0",
        "availability_zone": "us-east-1a",
    }


def unrelated(kind, i):
    """An unrelated resource: (type, values). Sizes vary like real providers' do."""
    if kind == 0:
        return "aws_s3_bucket", {
            "bucket": f"bucket-{i}",
            "force_destroy": False,
            "tags": {"n": str(i), "owner": "platform"},
            "versioning": [{"enabled": True, "mfa_delete": False}],
        }
    if kind == 1:
        return "aws_iam_role_policy", {
            "name": f"policy-{i}",
            "role": f"role-{i % 97}",
            "policy": dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Action": ["s3:GetObject", "s3:PutObject"],
                            "Resource": f"arn:aws:s3:::bucket-{i}/*",
                        }
                    ],
                }
            ),
        }
    if kind == 2:
        return "aws_route53_record", {
            "name": f"host-{i}.example.com",
            "type": "A",
            "ttl": 300,
            "records": [f"10.{i % 250}.{(i // 250) % 250}.{i % 7}"],
            "zone_id": "Z0123456789ABCDEFGHIJ",
        }
    return "aws_cloudwatch_log_group", {
        "name": f"/app/log-group-{i}",
        "retention_in_days": 30,
        "kms_key_id": None,
        "tags": {"n": str(i)},
    }


def unknown_of(values, keys):
    return {k: True for k in keys}


def sensitive_of(values):
    return {k: ({} if isinstance(v, dict) else [] if isinstance(v, list) else False)
            for k, v in values.items() if isinstance(v, (dict, list))}


class Writer:
    """Streams the three big arrays into temporary lists of JSON fragments."""

    def __init__(self):
        self.changes = []
        # module address -> list of planned_values resource fragments
        self.planned = {}
        self.children = {}

    def add(self, module, rtype, name, index, values, actions, before, unknown_keys):
        addr_core = f"{rtype}.{name}" + ("" if index is None else f"[{dumps(index)}]")
        address = f"{module}.{addr_core}" if module else addr_core
        pv = {
            "address": address,
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_name": PROVIDER,
            "schema_version": 1,
            "values": values,
            "sensitive_values": sensitive_of(values),
        }
        if index is not None:
            pv["index"] = index
        self.planned.setdefault(module, []).append(dumps(pv))
        rc = {
            "address": address,
            "mode": "managed",
            "type": rtype,
            "name": name,
            "provider_name": PROVIDER,
            "change": {
                "actions": actions,
                "before": before,
                "after": values,
                "after_unknown": unknown_of(values, unknown_keys),
                "before_sensitive": False if before is None else sensitive_of(before),
                "after_sensitive": sensitive_of(values),
            },
        }
        if module:
            rc["module_address"] = module
        if index is not None:
            rc["index"] = index
        self.changes.append(dumps(rc))

    def module(self, parent, addr):
        self.children.setdefault(parent, []).append(addr)
        self.planned.setdefault(addr, [])

    def planned_module(self, addr):
        res = ",".join(self.planned.get(addr, []))
        kids = ",".join(self.planned_module(c) for c in self.children.get(addr, []))
        head = "" if not addr else f'"address":{dumps(addr)},'
        return "{" + head + f'"resources":[{res}],"child_modules":[{kids}]' + "}"


def ref(*refs):
    return {"references": list(refs)}


def const(v):
    return {"constant_value": v}


def configuration(n_services_per_team, teams, regions, unrelated_types):
    svc_module = {
        "resources": [
            {
                "address": "aws_ecs_task_definition.this",
                "mode": "managed",
                "type": "aws_ecs_task_definition",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                    "container_definitions": ref("var.name", "var.port"),
                    "family": ref("var.name"),
                    "network_mode": ref("var.network_mode"),
                },
                "schema_version": 1,
            },
            {
                "address": "aws_ecs_service.this",
                "mode": "managed",
                "type": "aws_ecs_service",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {
                    "cluster": ref("var.cluster"),
                    "desired_count": const(3),
                    "name": ref("var.name"),
                    "task_definition": ref(
                        "aws_ecs_task_definition.this.arn", "aws_ecs_task_definition.this"
                    ),
                    "load_balancer": [
                        {
                            "container_name": ref("var.name"),
                            "container_port": const(8080),
                            "target_group_arn": ref(
                                "aws_lb_target_group.this.arn", "aws_lb_target_group.this"
                            ),
                        }
                    ],
                    "network_configuration": [{"subnets": ref("var.subnets")}],
                },
                "schema_version": 1,
            },
            {
                "address": "aws_lb_target_group.this",
                "mode": "managed",
                "type": "aws_lb_target_group",
                "name": "this",
                "provider_config_key": "aws",
                "expressions": {"name": ref("var.name"), "port": const(8080)},
                "schema_version": 0,
            },
        ],
        "variables": {k: {} for k in ["name", "port", "network_mode", "cluster", "subnets"]},
    }
    team_module = {
        "resources": [
            {
                "address": "aws_subnet.private",
                "mode": "managed",
                "type": "aws_subnet",
                "name": "private",
                "provider_config_key": "aws",
                "expressions": {"cidr_block": ref("count.index")},
                "count_expression": const(3),
                "schema_version": 1,
            }
        ] + [
            {
                "address": f"{t}.item",
                "mode": "managed",
                "type": t,
                "name": "item",
                "provider_config_key": "aws",
                "expressions": {"name": const("x")},
                "count_expression": const(1),
                "schema_version": 0,
            }
            for t in unrelated_types
        ],
        "module_calls": {
            "svc": {
                "source": "../svc",
                "for_each_expression": ref("local.services"),
                "expressions": {
                    "name": ref("each.key"),
                    "cluster": ref("var.cluster"),
                    "network_mode": ref("each.value.network_mode"),
                    "port": const(8080),
                    "subnets": ref("aws_subnet.private"),
                },
                "module": svc_module,
            }
        },
    }
    region_module = {
        "resources": [],
        "module_calls": {
            "team": {
                "source": "../team",
                "count_expression": const(teams),
                "expressions": {"cluster": ref("var.cluster")},
                "module": team_module,
            }
        },
    }
    root = {
        "resources": [
            {
                "address": "aws_ecs_cluster.main",
                "mode": "managed",
                "type": "aws_ecs_cluster",
                "name": "main",
                "provider_config_key": "aws",
                "expressions": {"name": const("main")},
                "schema_version": 0,
            }
        ] + [
            {
                "address": f"{t}.item",
                "mode": "managed",
                "type": t,
                "name": "item",
                "provider_config_key": "aws",
                "expressions": {"name": const("x")},
                "count_expression": const(1),
                "schema_version": 0,
            }
            for t in unrelated_types
        ],
        "module_calls": {
            "region": {
                "source": "./modules/region",
                "for_each_expression": const(regions),
                "expressions": {"cluster": ref("aws_ecs_cluster.main.arn")},
                "module": region_module,
            }
        },
    }
    return {"provider_config": {"aws": {"name": "aws", "full_name": PROVIDER}}, "root_module": root}


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    out = sys.argv[1]
    scale = 1
    if "--scale" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--scale") + 1])
    teams = TEAMS_PER_REGION * scale
    w = Writer()
    unrelated_types = ["aws_s3_bucket", "aws_iam_role_policy", "aws_route53_record",
                       "aws_cloudwatch_log_group"]
    # Unrelated resources: half in the root module, half inside the team modules.
    cluster = {"arn": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/main", "id": f"arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/main", "name": "main"}
    w.add("", "aws_ecs_cluster", "main", None, cluster, ["no-op"], cluster, [])
    total_unrelated = UNRELATED * scale
    root_unrelated = total_unrelated // 2
    n = 0
    for i in range(root_unrelated):
        rtype, values = unrelated(i % 4, n)
        w.add("", rtype, "item", i // 4, values, ["create"], None, ["arn", "id"])
        n += 1
    team_count = len(REGIONS) * teams
    per_team_unrelated = (total_unrelated - root_unrelated) // team_count
    services = 0
    for region in REGIONS:
        raddr = f"module.region[{dumps(region)}]"
        w.module("", raddr)
        for t in range(teams):
            taddr = f"{raddr}.module.team[{t}]"
            w.module(raddr, taddr)
            subnets = []
            for k in range(3):
                sid = f"subnet-{region[:2]}{t:03d}{k}"
                sv = subnet_values(sid, len(REGIONS) * 1000 + t * 3 + k)
                w.add(taddr, "aws_subnet", "private", k, sv, ["no-op"], sv, [])
                subnets.append(sid)
            for i in range(per_team_unrelated):
                rtype, values = unrelated(i % 4, n)
                w.add(taddr, rtype, "item", i // 4, values, ["no-op"], values, [])
                n += 1
            for s in range(SERVICES_PER_TEAM):
                name = f"svc-{region[:2]}-{t:03d}-{s:03d}"
                saddr = f'{taddr}.module.svc["{name}"]'
                w.module(taddr, saddr)
                bridge = s % 3 == 0
                family = name
                known = s % 2 == 0
                tdv = td_values(name, family, 8080, bridge, 7)
                tgv = tg_values(name, bridge)
                w.add(saddr, "aws_lb_target_group", "this", None, tgv, ["no-op"], tgv, [])
                if known:
                    w.add(saddr, "aws_ecs_task_definition", "this", None, tdv, ["no-op"], tdv, [])
                    arn = tdv["arn"]
                    sv = service_values(name, taddr, arn, bridge, subnets, tgv["arn"])
                    before = dict(sv, desired_count=2)
                    w.add(saddr, "aws_ecs_service", "this", None, sv, ["update"], before, [])
                else:
                    new_td = {k: v for k, v in tdv.items()
                              if k not in ("arn", "arn_without_revision", "revision")}
                    w.add(saddr, "aws_ecs_task_definition", "this", None, new_td, ["create"],
                          None, ["arn", "arn_without_revision", "revision", "id"])
                    sv = service_values(name, taddr, None, bridge, subnets, tgv["arn"])
                    w.add(saddr, "aws_ecs_service", "this", None, sv, ["create"], None,
                          ["task_definition", "id", "iam_role"])
                services += 1
    with open(out, "w") as f:
        f.write('{"format_version":"1.2","terraform_version":"1.9.8",')
        f.write('"planned_values":{"root_module":')
        f.write(w.planned_module(""))
        f.write('},"resource_changes":[')
        f.write(",".join(w.changes))
        f.write('],"configuration":')
        f.write(dumps(configuration(SERVICES_PER_TEAM, teams, REGIONS, unrelated_types)))
        f.write(',"timestamp":"2025-01-01T00:00:00Z","applyable":true,"complete":true,"errored":false}\n')
    print(f"{out}: {services} services, {n} unrelated resources", file=sys.stderr)


if __name__ == "__main__":
    main()
