resource "aws_ecs_cluster" "c" {
  count = 100000
  name  = "c${count.index}"
}
